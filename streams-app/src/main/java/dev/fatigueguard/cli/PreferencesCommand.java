package dev.fatigueguard.cli;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.policy.CustomerPreferences;
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

  static CustomerPreferences read(Path file) throws IOException {
    CustomerPreferences prefs =
        PolicyJson.readPreferences(Files.readAllBytes(file)); // parses and validates
    ModelMapping.toAvro(prefs);
    return prefs;
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a preferences file.")
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
      CustomerPreferences prefs = read(file);
      spec.commandLine().getOut().println(PolicyJson.pretty(PolicyJson.writePreferences(prefs)));
      spec.commandLine()
          .getErr()
          .println("valid preferences for customer '" + prefs.customerId() + "'");
      return 0;
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = "Validate a preferences file and publish it (key = customerId).")
  static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-c", "--config"},
        required = true,
        paramLabel = "FILE")
    Path config;

    @Parameters(paramLabel = "PREFERENCES_FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
      CustomerPreferences prefs = read(file);
      try (RecordPublisher publisher =
          new RecordPublisher(GuardConfig.load(config, System.getenv()))) {
        var meta = publisher.publish(prefs);
        spec.commandLine()
            .getOut()
            .printf(
                "published preferences of '%s' to %s-%d@%d%n",
                prefs.customerId(), meta.topic(), meta.partition(), meta.offset());
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

    @Option(
        names = {"-c", "--config"},
        required = true,
        paramLabel = "FILE")
    Path config;

    @Option(names = "--customer", required = true)
    String customerId;

    @Override
    public Integer call() {
      try (RecordPublisher publisher =
          new RecordPublisher(GuardConfig.load(config, System.getenv()))) {
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
