package dev.fatigueguard.cli;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.topology.ModelMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fatigue-guard policy validate|publish}: the platform team's tools for policies. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Validate or publish a contact policy (JSON).",
    subcommands = {PolicyCommand.Validate.class, PolicyCommand.Publish.class})
final class PolicyCommand {

  static Policy read(Path file) throws IOException {
    Policy policy = PolicyJson.readPolicy(Files.readAllBytes(file)); // parses and validates
    ModelMapping.toAvro(policy); // also rejects channels the schema does not know
    return policy;
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a policy file; prints it normalised, or every problem with its field.")
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
      Policy policy = read(file);
      spec.commandLine().getOut().println(PolicyJson.pretty(PolicyJson.writePolicy(policy)));
      spec.commandLine().getErr().println("valid policy for tenant '" + policy.tenant() + "'");
      return 0;
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = "Validate a policy file and publish it to the policies topic (key = tenant).")
  static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-c", "--config"},
        required = true,
        paramLabel = "FILE")
    Path config;

    @Parameters(paramLabel = "POLICY_FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
      Policy policy = read(file);
      try (RecordPublisher publisher =
          new RecordPublisher(GuardConfig.load(config, System.getenv()))) {
        var meta = publisher.publish(policy);
        spec.commandLine()
            .getOut()
            .printf(
                "published policy '%s' to %s-%d@%d%n",
                policy.tenant(), meta.topic(), meta.partition(), meta.offset());
      }
      return 0;
    }
  }
}
