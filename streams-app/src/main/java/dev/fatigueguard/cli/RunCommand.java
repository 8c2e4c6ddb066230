package dev.fatigueguard.cli;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.config.GuardConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fatigue-guard run --config FILE}: the guard against a real cluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the guard against a Kafka cluster and Schema Registry.")
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigFileOption config;

  @Option(
      names = "--skip-topic-check",
      description = "Start without checking that the topics exist and are co-partitioned.")
  boolean skipTopicCheck;

  @Override
  public Integer call() throws InterruptedException {
    GuardConfig guardConfig = config.load();
    GuardApplication app = new GuardApplication(guardConfig);
    if (!skipTopicCheck) {
      app.checkTopics();
    }
    Thread shutdown = new Thread(app::close, "fatigue-guard-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    app.start();
    app.awaitStop();
    return 0;
  }
}
