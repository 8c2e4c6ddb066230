package dev.fatigueguard.demo;

import dev.fatigueguard.api.BearerTokens;
import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.EmbeddedKafkaBroker;
import dev.fatigueguard.topology.TopicPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the demo runs on: an embedded single-node broker with the guard's topics, an in-memory
 * schema registry, and the guard itself configured against both, with one bearer token for every
 * role. Closing it closes the guard, then the broker.
 */
final class EmbeddedStack implements AutoCloseable {

  static final String APPLICATION_ID = "fatigue-guard-demo";
  static final String REGISTRY_URL = "mock://fatigue-guard-demo";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  /**
   * Short transactions: decisions become visible to read_committed readers, the dashboard among
   * them, soon after they are made.
   */
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

  private final EmbeddedKafkaBroker broker;
  private final GuardConfig config;
  private final GuardApplication app;
  private final GracefulStop stop;

  private EmbeddedStack(
      EmbeddedKafkaBroker broker, GuardConfig config, GuardApplication app, GracefulStop stop) {
    this.broker = broker;
    this.config = config;
    this.app = app;
    this.stop = stop;
  }

  /**
   * Starts the broker and creates the guard's topics; the guard itself starts with {@link
   * #startGuard}.
   */
  static EmbeddedStack start(
      StateDirectory state,
      int httpPort,
      int partitions,
      String apiToken,
      GracefulStop stop,
      PrintWriter out)
      throws InterruptedException, ExecutionException {
    out.print("  kafka      ");
    out.flush();
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().brokerProperty("auto.create.topics.enable", "false").start();
    try {
      out.printf(
          "%s, embedded, started in %.1f s",
          broker.bootstrapServers(), broker.startupTime().toMillis() / 1000.0);
      GuardConfig config = config(broker.bootstrapServers(), state, httpPort, apiToken);
      try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
        List<String> created = new TopicPlan(config).createMissing(admin, partitions, (short) 1);
        out.printf("; %d topics created; registry %s%n", created.size(), REGISTRY_URL);
      }
      return new EmbeddedStack(broker, config, new GuardApplication(config), stop);
    } catch (RuntimeException | InterruptedException | ExecutionException e) {
      broker.close();
      throw e;
    }
  }

  /** The demo is local only, so one fresh token for every role, printed with the dashboard. */
  private static GuardConfig config(
      String bootstrapServers, StateDirectory state, int httpPort, String apiToken) {
    String tokenHash = BearerTokens.hashOf(apiToken);
    return GuardConfig.of(
        Map.ofEntries(
            Map.entry(GuardSetting.HTTP_PORT.key(), Integer.toString(httpPort)),
            // The demo's metrics are on its dashboard; no fixed second port to collide.
            Map.entry(GuardSetting.MANAGEMENT_PORT.key(), "0"),
            Map.entry(GuardSetting.HTTP_TOKENS_ADMIN.key(), tokenHash),
            Map.entry(GuardSetting.HTTP_TOKENS_PREFERENCES.key(), tokenHash),
            Map.entry(GuardSetting.HTTP_TOKENS_READER.key(), tokenHash),
            Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            Map.entry(GuardConfig.SCHEMA_REGISTRY_URL, REGISTRY_URL),
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID),
            Map.entry(StreamsConfig.STATE_DIR_CONFIG, state.path().toString()),
            Map.entry(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(COMMIT_INTERVAL.toMillis())),
            Map.entry(GuardSetting.PREFERENCE_CENTRE_SECRET.key(), apiToken + apiToken)),
        System.getenv());
  }

  /** Starts the guard and waits until it is RUNNING; false if a stop was requested first. */
  boolean startGuard(PrintWriter out) throws InterruptedException {
    out.print("  guard      ");
    out.flush();
    long started = System.nanoTime();
    app.start();
    if (!stop.until(
        () -> app.streams().state() == KafkaStreams.State.RUNNING,
        STARTUP_TIMEOUT,
        "the guard to start")) {
      return false;
    }
    out.printf(
        "RUNNING in %.1f s (exactly_once_v2, commit every %d ms)%n",
        (System.nanoTime() - started) / 1e9, COMMIT_INTERVAL.toMillis());
    return true;
  }

  GuardConfig config() {
    return config;
  }

  GuardApplication guard() {
    return app;
  }

  @Override
  public void close() {
    try {
      // After Ctrl-C the broker's own shutdown hook is stopping it concurrently: the guard cannot
      // commit its last work anyway, so it is not waited for long.
      app.close(stop.requested() ? Duration.ofSeconds(5) : Duration.ofSeconds(30));
    } finally {
      broker.close();
    }
  }
}
