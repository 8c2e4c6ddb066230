package dev.fatigueguard.demo;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.traffic.TrafficDriver;
import dev.fatigueguard.traffic.TrafficMix;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The demo's senders as a command against any cluster: the same mix of sending systems, channels
 * and categories (some of it over the caps, a little of it unreadable, so the DLQ sees traffic), at
 * a steady rate, to the input topic named in the guard's configuration. Runs until stopped, or for
 * {@code --duration}.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description =
        "Send synthetic outbound messages (the demo's senders) to the guard's input topic at a "
            + "steady rate, until stopped.")
public final class LoadCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The guard's properties file (its Kafka, registry and topic settings).")
  Path config;

  @Option(
      names = "--rate",
      defaultValue = "100",
      paramLabel = "N",
      description = "Messages per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--customers",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Distinct customer ids to send to (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--duration",
      paramLabel = "ISO-8601",
      description = "Stop after this long, e.g. PT10M (default: until stopped).")
  Duration duration;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the traffic mix (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (rate <= 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rate: must be positive, was " + rate);
    }
    if (customers <= 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--customers: must be positive, was " + customers);
    }
    GuardConfig guard = GuardConfig.load(config, System.getenv());
    List<String> ids =
        IntStream.rangeClosed(1, customers).mapToObj(i -> String.format("c-%06d", i)).toList();
    String topic = guard.topic(GuardSetting.TOPIC_INPUT);
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "load-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    var out = spec.commandLine().getOut();
    try (TrafficDriver driver =
        new TrafficDriver(
            new TrafficMix(seed, ids, Instant.now()),
            rate,
            topic,
            ClientProperties.producer(guard.streamsProperties()),
            guard.serdeConfig())) {
      out.printf(
          "sending %.0f messages/s to %s for %d customers%s%n",
          rate, topic, customers, duration == null ? "" : " for " + duration);
      out.flush();
      driver.start();
      Instant until = duration == null ? Instant.MAX : Instant.now().plus(duration);
      while (Instant.now().isBefore(until)
          && !stop.await(nextReport(until), TimeUnit.MILLISECONDS)) {
        out.printf("sent %s, acknowledged %d%n", driver.sentBySender(), driver.acknowledged());
        out.flush();
      }
      driver.stopSending();
      out.printf("sent %s, acknowledged %d%n", driver.sentBySender(), driver.acknowledged());
      out.flush();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping: the hook has run.
      }
    }
    return 0;
  }

  /** A progress line every 10 s, and a last one when the duration is up. */
  private static long nextReport(Instant until) {
    if (until == Instant.MAX) {
      return 10_000;
    }
    long left = Duration.between(Instant.now(), until).toMillis();
    return Math.max(1, Math.min(10_000, left));
  }
}
