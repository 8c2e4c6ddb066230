package dev.fatigueguard.demo;

import dev.fatigueguard.config.GuardSetting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fatigue-guard demo}: the real guard on an embedded single-node broker and an in-memory
 * schema registry, fed by synthetic senders, with a dashboard read back from the decision log.
 *
 * <p>Stops after {@code --duration} or on Ctrl-C (SIGINT/SIGTERM), prints a final report either
 * way, and leaves nothing behind: guard closed, broker closed, temporary directories deleted.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the guard on an embedded Kafka broker and an in-memory schema registry, with live synthetic "
          + "traffic from several senders and a dashboard of its decisions.",
      "Stops after --duration or on Ctrl-C, then prints a final report."
    })
public final class DemoCommand implements Callable<Integer> {

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  @Option(
      names = "--duration",
      defaultValue = "2m",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How long to send traffic: ISO-8601 (PT90S) or 90s, 2m, 1m30s. Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(
      names = "--customers",
      defaultValue = "2000",
      paramLabel = "N",
      description = "Number of customers. Default: ${DEFAULT-VALUE}.")
  int customers;

  @Option(
      names = "--rate",
      defaultValue = "200",
      paramLabel = "MSGS_PER_SECOND",
      description = "Messages per second from all senders together. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      paramLabel = "N",
      description =
          "Partitions of the input, preferences and output topics. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description =
          "Port of the guard's HTTP API and live dashboard; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description =
          "Seed of the preferences and the traffic mix; printed at start so a run can be repeated. "
              + "Default: random.")
  Long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private volatile DemoReport report;

  @Override
  public Integer call() throws Exception {
    validateOptions();
    DemoOptions options =
        new DemoOptions(
            duration,
            customers,
            rate,
            partitions,
            httpPort,
            seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000));
    DemoLogging.quietGuardStartup();
    StateDirectory state = StateDirectory.create();
    try (GracefulStop stop =
        GracefulStop.install(SHUTDOWN_GRACE, spec.commandLine().getErr(), state::delete)) {
      report = new DemoRun(options, newApiToken(), stop, spec.commandLine().getOut()).run(state);
      return 0;
    }
  }

  /** The final report of the last run, for callers that run the command in-process. */
  public DemoReport report() {
    return report;
  }

  private void validateOptions() {
    List<String> problems = new ArrayList<>();
    if (duration.isNegative() || duration.isZero()) {
      problems.add("--duration must be positive");
    }
    if (customers < 1) {
      problems.add("--customers must be at least 1");
    }
    if (!(rate > 0)) {
      problems.add("--rate must be positive");
    }
    if (partitions < 1) {
      problems.add("--partitions must be at least 1");
    }
    if (httpPort < 0 || httpPort > 65_535) {
      problems.add("--http-port must be between 0 and 65535 (0 picks a free one)");
    } else if (httpPort != 0 && !canBind(httpPort)) {
      // Checked before the broker starts, so a taken port costs a second, not a start-up.
      problems.add(
          "--http-port "
              + httpPort
              + " is in use; stop what listens there, or pick another port (0 picks a free one)");
    }
    if (!problems.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
    }
  }

  private static boolean canBind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(GuardSetting.HTTP_BIND_ADDRESS.defaultValue(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A random bearer token for this run's HTTP API (all roles). */
  private static String newApiToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
