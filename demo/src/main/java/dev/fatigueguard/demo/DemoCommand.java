package dev.fatigueguard.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.fatigueguard.api.BearerTokens;
import dev.fatigueguard.api.CustomerLinks;
import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.EmbeddedKafkaBroker;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.topology.StoreNames;
import dev.fatigueguard.topology.TopicPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.LoggerFactory;
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

  static final String APPLICATION_ID = "fatigue-guard-demo";
  static final String REGISTRY_URL = "mock://fatigue-guard-demo";
  private static final Duration DASHBOARD_EVERY = Duration.ofSeconds(5);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
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

  /** A random bearer token for this run's HTTP API (all roles). */
  private final String apiToken = java.util.HexFormat.of().formatHex(randomBytes());

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean signalled;
  private volatile DemoReport report;
  private volatile Path stateDir;

  @Override
  public Integer call() throws Exception {
    validateOptions();
    PrintWriter out = spec.commandLine().getOut();
    // Ctrl-C: the hook asks the demo to stop and keeps the JVM alive until the report is printed
    // and everything is closed (JVM exit would otherwise cut the run off mid-way).
    Thread hook =
        new Thread(
            () -> {
              signalled = true;
              // The embedded broker's own shutdown hook is stopping it at this very moment, so the
              // guard's
              // clients will fail to reconnect while they close: expected, and not worth a screen
              // of warnings.
              setLogLevel("org.apache.kafka", Level.ERROR);
              stopRequested.countDown();
              try {
                if (!finished.await(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                  // Something is stuck on the vanished broker (a blocking send): exit anyway, but
                  // tidy up.
                  spec.commandLine()
                      .getErr()
                      .printf(
                          "fatigue-guard demo: did not stop within %d s, exiting%n",
                          SHUTDOWN_GRACE.toSeconds());
                  Path dir = stateDir;
                  if (dir != null) {
                    deleteRecursively(dir);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fatigue-guard-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      report = run(out);
      return 0;
    } finally {
      finished.countDown();
      if (!signalled) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
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
    if (!problems.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
    }
  }

  private DemoReport run(PrintWriter out)
      throws IOException, InterruptedException, ExecutionException {
    long runSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
    quietGuardStartupLogs();
    long startedAt = System.nanoTime();
    Path state = Files.createTempDirectory("fatigue-guard-demo-state-");
    stateDir = state;
    try {
      out.printf(
          "fatigue-guard demo, seed %d (repeat this run's mix with --seed %d)%n", runSeed, runSeed);
      out.print("  kafka      ");
      out.flush();
      try (EmbeddedKafkaBroker broker =
          EmbeddedKafkaBroker.builder()
              .brokerProperty("auto.create.topics.enable", "false")
              .start()) {
        out.printf(
            "%s, embedded, started in %.1f s",
            broker.bootstrapServers(), broker.startupTime().toMillis() / 1000.0);
        // One fresh token for every role, printed with the dashboard's address: the demo is local
        // only.
        String tokenHash = BearerTokens.hashOf(apiToken);
        GuardConfig config =
            GuardConfig.of(
                Map.of(
                    GuardSetting.HTTP_PORT.key(),
                    Integer.toString(httpPort),
                    GuardSetting.HTTP_TOKENS_ADMIN.key(),
                    tokenHash,
                    GuardSetting.HTTP_TOKENS_PREFERENCES.key(),
                    tokenHash,
                    GuardSetting.HTTP_TOKENS_READER.key(),
                    tokenHash,
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers(),
                    GuardConfig.SCHEMA_REGISTRY_URL,
                    REGISTRY_URL,
                    StreamsConfig.APPLICATION_ID_CONFIG,
                    APPLICATION_ID,
                    StreamsConfig.STATE_DIR_CONFIG,
                    state.toString(),
                    // Short transactions: decisions become visible to read_committed readers within
                    // a fifth of a second.
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                    "200",
                    GuardSetting.PREFERENCE_CENTRE_SECRET.key(),
                    apiToken + apiToken),
                System.getenv());
        return runGuard(config, runSeed, out);
      }
    } finally {
      boolean deleted = deleteRecursively(state);
      out.printf(
          "stopped after %.1f s: guard closed, broker closed, %s%n",
          (System.nanoTime() - startedAt) / 1e9,
          deleted ? "temporary directories deleted" : "could not delete " + state);
      out.flush();
    }
  }

  private DemoReport runGuard(GuardConfig config, long runSeed, PrintWriter out)
      throws InterruptedException, ExecutionException {
    Properties admin = ClientProperties.admin(config.streamsProperties());
    try (Admin client = Admin.create(admin)) {
      List<String> created = new TopicPlan(config).createMissing(client, partitions, (short) 1);
      out.printf("; %d topics created; registry %s%n", created.size(), REGISTRY_URL);
    }
    GuardApplication app = new GuardApplication(config);
    try {
      out.print("  guard      ");
      out.flush();
      long started = System.nanoTime();
      app.start();
      if (!await(() -> app.streams().state() == KafkaStreams.State.RUNNING, "the guard to start")) {
        return emptyReport(out);
      }
      out.printf(
          "RUNNING in %.1f s (exactly_once_v2, commit every 200 ms)%n",
          (System.nanoTime() - started) / 1e9);
      out.printf("  dashboard  http://localhost:%d/#token=%s%n", app.httpPort(), apiToken);
      out.printf(
          "  customer   %s (c-00001's preference centre)%n",
          new CustomerLinks(apiToken + apiToken, "")
              .url(
                  "http://localhost:" + app.httpPort(),
                  "c-00001",
                  Instant.now().plus(Duration.ofDays(1))));
      out.printf(
          "  HTTP API   curl -H 'Authorization: Bearer %s' http://localhost:%d/v1/customers/c-00001/budget%n",
          apiToken, app.httpPort());
      return runTraffic(app, config, runSeed, out);
    } finally {
      // After Ctrl-C the broker's own shutdown hook is stopping it concurrently: don't wait long
      // for it.
      app.close(signalled ? Duration.ofSeconds(5) : Duration.ofSeconds(30));
    }
  }

  private DemoReport runTraffic(
      GuardApplication app, GuardConfig config, long runSeed, PrintWriter out)
      throws InterruptedException, ExecutionException {
    DemoScenario scenario = new DemoScenario(runSeed, customers);
    List<CustomerPreferences> preferences;
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      Policy platform = DemoScenario.defaultPolicy();
      Policy retail = DemoScenario.retailPolicy();
      publisher.publish(platform);
      publisher.publish(retail);
      if (!awaitStored(
          app, StoreNames.POLICIES, List.of(platform.tenant(), retail.tenant()), "the policies")) {
        return emptyReport(out);
      }
      out.printf("  policies   default: %s%n", DemoScenario.describe(platform));
      out.printf("             retail:  %s%n", DemoScenario.describe(retail));
      // Computed as late as possible: quiet hours and snoozes are relative to now.
      preferences = scenario.preferences(Instant.now());
      for (CustomerPreferences p : preferences) {
        if (stopRequested.getCount() == 0) {
          return emptyReport(out);
        }
        publisher.publish(p);
      }
      List<String> withPreferences =
          preferences.stream().map(CustomerPreferences::customerId).toList();
      if (!awaitStored(app, StoreNames.PREFERENCES, withPreferences, "the preferences")) {
        return emptyReport(out);
      }
    }
    out.print(
        wrapped(
            String.format(
                Locale.ROOT,
                "  customers  %,d, of whom %,d set preferences:",
                customers,
                preferences.size()),
            DemoScenario.describe(preferences)));
    out.printf(
        Locale.ROOT,
        "  senders    %,.0f msg/s for %s: newsletter, promotions (a campaign burst every %d s), "
            + "orders, security codes%n",
        rate,
        DemoReport.clock(duration),
        TrafficMix.CAMPAIGN_PERIOD.toSeconds());
    out.printf(
        Locale.ROOT,
        "  faults     ~%.0f%% resent with the same messageId, expired offers from a retry queue "
            + "every %d s, a broken record every %d s%n",
        TrafficMix.RESEND_SHARE * 100,
        TrafficMix.RETRY_QUEUE_EVERY.toSeconds(),
        TrafficMix.BROKEN_EVERY.toSeconds());
    out.printf("  Ctrl-C stops early and still prints the final report.%n%n");
    out.flush();

    Properties consumer = ClientProperties.consumer(config.streamsProperties());
    TrafficMix mix = new TrafficMix(runSeed, scenario.customerIds(), Instant.now());
    try (DecisionTally tally =
            new DecisionTally(
                consumer,
                config.topic(GuardSetting.TOPIC_DECISIONS),
                config.topic(GuardSetting.TOPIC_DLQ),
                config.serdeConfig());
        TrafficDriver traffic =
            new TrafficDriver(
                mix,
                rate,
                config.topic(GuardSetting.TOPIC_INPUT),
                ClientProperties.producer(config.streamsProperties()),
                config.serdeConfig())) {
      tally.start();
      traffic.start();
      long sendingSince = System.nanoTime();
      long deadline = sendingSince + duration.toNanos();
      DemoReport previous = tally.snapshot(Duration.ZERO, Map.of(), 0);
      while (true) {
        long waitNanos = Math.min(DASHBOARD_EVERY.toNanos(), deadline - System.nanoTime());
        if (waitNanos <= 0 || stopRequested.await(waitNanos, TimeUnit.NANOSECONDS)) {
          break;
        }
        DemoReport now =
            tally.snapshot(
                Duration.ofNanos(System.nanoTime() - sendingSince),
                traffic.sentBySender(),
                traffic.acknowledged());
        KafkaStreams.State state = app.streams().state();
        out.print(now.live(previous));
        if (state != KafkaStreams.State.RUNNING) {
          out.printf("  guard state: %s%n", state);
        }
        out.println();
        out.flush();
        previous = now;
      }
      traffic.stopSending();
      Duration sent = Duration.ofNanos(System.nanoTime() - sendingSince);
      if (!signalled) {
        out.print("traffic stopped; waiting for the guard to decide what was sent ... ");
        out.flush();
        traffic.flush();
        out.println(
            awaitDecided(config, tally, Duration.ofSeconds(20)) ? "done" : "gave up after 20 s");
      }
      DemoReport last = tally.snapshot(sent, traffic.sentBySender(), traffic.acknowledged());
      out.printf(
          "%n== final report (%s of traffic at %,.0f msg/s, %,d customers, seed %d) ==%n",
          DemoReport.clock(sent), rate, customers, runSeed);
      out.print(last.finalReport());
      out.flush();
      return last;
    }
  }

  /** Lines of at most ~110 characters, continuation lines aligned under the first item. */
  private static String wrapped(String head, List<String> items) {
    StringBuilder out = new StringBuilder(head);
    String indent = "             ";
    int lineLength = head.length();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i) + (i < items.size() - 1 ? "," : "");
      if (lineLength + 1 + item.length() > 110) {
        out.append(System.lineSeparator()).append(indent).append(item);
        lineLength = indent.length() + item.length();
      } else {
        out.append(' ').append(item);
        lineLength += 1 + item.length();
      }
    }
    return out.append(System.lineSeparator()).toString();
  }

  private DemoReport emptyReport(PrintWriter out) {
    out.println();
    out.println("stopped before the senders started: nothing to report");
    return new DemoReport(
        Duration.ZERO,
        Map.of(),
        0,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        0,
        0,
        0,
        Duration.ZERO,
        Duration.ZERO,
        Map.of(),
        Map.of(),
        0);
  }

  /**
   * Waits until every key is in the guard's store, so the traffic is judged under them from its
   * first message.
   */
  private boolean awaitStored(
      GuardApplication app, String storeName, List<String> keys, String what)
      throws InterruptedException {
    return await(
        () -> {
          try {
            ReadOnlyKeyValueStore<String, Object> store =
                app.streams()
                    .store(
                        StoreQueryParameters.fromNameAndType(
                            storeName, QueryableStoreTypes.<String, Object>keyValueStore()));
            return keys.stream().allMatch(k -> store.get(k) != null);
          } catch (InvalidStateStoreException e) {
            return false; // migrating or restoring: ask again
          }
        },
        what + " to reach the guard");
  }

  /**
   * True once the guard has committed its decisions on every input record and the dashboard has
   * read them; false on timeout. Under exactly-once the input offsets are committed in the same
   * transaction as the decisions, so once they are, the committed end of the decision log covers
   * them.
   */
  private boolean awaitDecided(GuardConfig config, DecisionTally tally, Duration timeout)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      Map<TopicPartition, Long> inputEnds =
          committedEnds(admin, List.of(config.topic(GuardSetting.TOPIC_INPUT)));
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> consumed =
            admin
                .listConsumerGroupOffsets(config.applicationId())
                .partitionsToOffsetAndMetadata()
                .get();
        boolean inputDone =
            inputEnds.entrySet().stream()
                .allMatch(
                    e -> {
                      OffsetAndMetadata c = consumed.get(e.getKey());
                      return c != null && c.offset() >= e.getValue();
                    });
        if (inputDone) {
          break;
        }
        if (System.nanoTime() > deadline || stopRequested.await(200, TimeUnit.MILLISECONDS)) {
          return false;
        }
      }
      Map<TopicPartition, Long> outputEnds = committedEnds(admin, tally.topics());
      while (!tally.hasCounted(outputEnds)) {
        if (System.nanoTime() > deadline || stopRequested.await(100, TimeUnit.MILLISECONDS)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The last stable offsets: what a read_committed reader can reach now. */
  private static Map<TopicPartition, Long> committedEnds(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get()
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  /** Polls until the condition holds; false if Ctrl-C came first, an exception on timeout. */
  private boolean await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (stopRequested.await(100, TimeUnit.MILLISECONDS)) {
        return false;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + STARTUP_TIMEOUT.toSeconds() + " s waiting for " + what);
      }
    }
    return true;
  }

  /**
   * The guard logs its whole configuration and topology at INFO when it starts, which would scroll
   * the dashboard away; the demo keeps it at WARN unless FATIGUE_GUARD_LOG_LEVEL asks otherwise.
   */
  private static void quietGuardStartupLogs() {
    if (System.getenv("FATIGUE_GUARD_LOG_LEVEL") != null
        || System.getProperty("FATIGUE_GUARD_LOG_LEVEL") != null) {
      return;
    }
    setLogLevel("dev.fatigueguard", Level.WARN);
  }

  private static void setLogLevel(String logger, Level level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(logger).setLevel(level);
    }
  }

  /**
   * Best effort: false if something could not be deleted (a store still open after a timed-out
   * close).
   */
  private static boolean deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return true;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** ISO-8601 durations, and the short forms people type: 90s, 2m, 1m30s, 500ms, 1h. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (SHORT.matcher(v).matches()) {
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(v);
        while (part.find()) {
          long n = Long.parseLong(part.group(1));
          total =
              total.plus(
                  switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                  });
        }
        return total;
      }
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: use ISO-8601 (PT90S, PT2M) or 90s, 2m, 1m30s");
      }
    }
  }
}
