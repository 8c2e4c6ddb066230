package dev.fatigueguard.cli;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Explanation;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.preflight.Preflight;
import dev.fatigueguard.publish.RecordPublisher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fatigue-guard policy validate|publish}: the platform team's tools for policies. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Validate or publish a contact policy (JSON).",
    subcommands = {PolicyCommand.Validate.class, PolicyCommand.Publish.class})
final class PolicyCommand {

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check a policy file: one policy, or an array with \"default\" and tenant policies (the"
            + " files simulate --policy reads). Prints it normalised, or every problem with its"
            + " field."
      })
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(
        names = "--explain",
        description =
            "Print the effective rules instead: every setting and rule with the layer it came"
                + " from (default, tenant, customer, format default).")
    boolean explain;

    @Option(
        names = "--tenant",
        paramLabel = "TENANT",
        description = "With --explain: only this tenant (default: every policy in the file).")
    String tenant;

    @Option(
        names = "--preferences",
        paramLabel = "FILE",
        description = "With --explain and --customer: the customers' preferences (as simulate).")
    Path preferences;

    @Option(
        names = "--customer",
        paramLabel = "ID",
        description = "With --explain: the rules for this customer, from --preferences.")
    String customer;

    @Override
    public Integer call() {
      List<Policy> policies = RuleFiles.readPolicies(file);
      if (explain) {
        return explain(policies);
      }
      List<String> documents = policies.stream().map(PolicyJson::writePolicy).toList();
      spec.commandLine()
          .getOut()
          .println(
              PolicyJson.pretty(
                  documents.size() == 1
                      ? documents.get(0)
                      : "[" + String.join(",", documents) + "]"));
      for (Policy policy : policies) {
        spec.commandLine().getErr().println("valid policy for tenant '" + policy.tenant() + "'");
      }
      return 0;
    }

    private int explain(List<Policy> policies) {
      if ((customer == null) != (preferences == null)) {
        throw new ParameterException(
            spec.commandLine(), "--customer and --preferences go together");
      }
      CustomerPreferences prefs = null;
      if (customer != null) {
        prefs =
            RuleFiles.readPreferences(preferences).stream()
                .filter(p -> customer.equals(p.customerId()))
                .findFirst()
                .orElse(CustomerPreferences.none(customer));
      }
      Policy platformDefault =
          policies.stream().filter(Policy::isPlatformDefault).findFirst().orElse(null);
      List<Policy> explained =
          policies.stream().filter(p -> tenant == null || tenant.equals(p.tenant())).toList();
      if (explained.isEmpty()) {
        explained = List.of(tenant == null ? Policy.builtInDefault() : Policy.withDefaults(tenant));
      }
      for (Policy policy : explained) {
        for (String line : Explanation.explain(platformDefault, policy, prefs)) {
          spec.commandLine().getOut().println(line);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a policy file (as validate reads it) and publish every policy in it to the"
            + " policies topic (key = tenant). Nothing is published unless the whole file is valid."
      })
  static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConfigFileOption config;

    @Parameters(paramLabel = "POLICY_FILE")
    Path file;

    @Override
    public Integer call() {
      List<Policy> policies = RuleFiles.readPolicies(file);
      GuardConfig guardConfig = config.load();
      Preflight.requireBrokerAndRegistry(
          guardConfig, guardConfig.topic(GuardSetting.TOPIC_POLICIES));
      try (RecordPublisher publisher = new RecordPublisher(guardConfig)) {
        for (Policy policy : policies) {
          var meta = publisher.publish(policy);
          spec.commandLine()
              .getOut()
              .printf(
                  "published policy '%s' to %s-%d@%d%n",
                  policy.tenant(), meta.topic(), meta.partition(), meta.offset());
        }
      }
      return 0;
    }
  }
}
