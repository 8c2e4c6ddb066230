package dev.fatigueguard.cli;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.policy.Violation;
import dev.fatigueguard.preflight.Preflight;
import dev.fatigueguard.publish.RecordPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fatigue-guard preferences validate|publish|erase}: a preference centre on the command
 * line.
 */
@Command(
    name = "preferences",
    mixinStandardHelpOptions = true,
    description = "Validate or publish customer preferences (JSON), or erase a customer.",
    subcommands = {
      PreferencesCommand.Validate.class,
      PreferencesCommand.Publish.class,
      PreferencesCommand.Erase.class
    })
final class PreferencesCommand {

  /** The file's preferences; an empty file is a mistake here, though simulate accepts it. */
  static List<CustomerPreferences> readNonEmpty(Path file) {
    List<CustomerPreferences> all = RuleFiles.readPreferences(file);
    if (all.isEmpty()) {
      throw new InvalidPolicyException(
          "preferences file " + file, List.of(new Violation("$", "holds no preferences")));
    }
    return all;
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check a preferences file: one preferences object, an array of them, or JSON Lines (the"
            + " files simulate --preferences reads). Prints it normalised, or every problem with"
            + " its document and field."
      })
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      List<CustomerPreferences> all = readNonEmpty(file);
      List<String> documents = all.stream().map(PolicyJson::writePreferences).toList();
      PrintWriter out = spec.commandLine().getOut();
      if (documents.size() == 1) {
        out.println(PolicyJson.pretty(documents.get(0)));
      } else {
        // JSON Lines: a file of many customers stays one line per customer, as it came.
        documents.forEach(out::println);
      }
      for (CustomerPreferences prefs : all) {
        spec.commandLine()
            .getErr()
            .println("valid preferences for customer '" + prefs.customerId() + "'");
      }
      return 0;
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a preferences file (as validate reads it) and publish every customer's"
            + " preferences (key = customerId). Nothing is published unless the whole file is"
            + " valid."
      })
  static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConfigFileOption config;

    @Parameters(paramLabel = "PREFERENCES_FILE")
    Path file;

    @Override
    public Integer call() {
      List<CustomerPreferences> all = readNonEmpty(file);
      GuardConfig guardConfig = config.load();
      Preflight.requireBrokerAndRegistry(
          guardConfig, guardConfig.topic(GuardSetting.TOPIC_PREFERENCES));
      try (RecordPublisher publisher = new RecordPublisher(guardConfig)) {
        List<RecordMetadata> written = publisher.publishAll(all);
        for (int i = 0; i < all.size(); i++) {
          RecordMetadata meta = written.get(i);
          spec.commandLine()
              .getOut()
              .printf(
                  "published preferences of '%s' to %s-%d@%d%n",
                  all.get(i).customerId(), meta.topic(), meta.partition(), meta.offset());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "erase",
      mixinStandardHelpOptions = true,
      description =
          "Erase a customer: a tombstone that wipes them from every store; held messages are dropped as ERASED.")
  static final class Erase implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConfigFileOption config;

    @Option(names = "--customer", required = true)
    String customerId;

    @Override
    public Integer call() {
      GuardConfig guardConfig = config.load();
      Preflight.requireBroker(guardConfig, guardConfig.topic(GuardSetting.TOPIC_PREFERENCES));
      try (RecordPublisher publisher = new RecordPublisher(guardConfig)) {
        var meta = publisher.erase(customerId);
        spec.commandLine()
            .getOut()
            .printf(
                "erasure of '%s' written to %s-%d@%d%n",
                customerId, meta.topic(), meta.partition(), meta.offset());
      }
      return 0;
    }
  }
}
