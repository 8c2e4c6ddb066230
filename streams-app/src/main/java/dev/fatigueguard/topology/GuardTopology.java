package dev.fatigueguard.topology;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.DecisionMetricsProcessor;
import dev.fatigueguard.metrics.GuardMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The guard's Kafka Streams topology. Processors and stores are named explicitly: the names appear
 * in changelog and repartition topics and in metrics, so they must not shift when the code changes.
 *
 * <pre>
 * outbound-messages ─▶ decode ─┬─ keyed by customer ─────────────┐
 *                              ├─ keyed otherwise ─▶ repartition ─┴─▶ guard ─┐
 *                              └─ unreadable ────────────────────────────────┤
 * contact-preferences ─▶ apply-preferences (update / erase) ────────────────┴─▶ route ─▶ approved[.CHANNEL]
 *                                                                                      ├─▶ suppressed
 * contact-policies ─▶ validate ─▶ global policy store (every instance)                 ├─▶ decisions
 *                             └─▶ dlq (refused policies)                               └─▶ dlq
 * </pre>
 */
public final class GuardTopology {

  private GuardTopology() {}

  /**
   * The topology with refused policies sent to {@code policyRejections} instead of the DLQ producer
   * (tests).
   */
  public static Topology build(
      GuardConfig config, GuardSerdes serdes, PolicyRejections policyRejections) {
    return build(
        config, serdes, new GuardMetrics(new SimpleMeterRegistry()), null, policyRejections);
  }

  /**
   * @param metrics where the decision metrics of this instance's tasks go
   * @param instance this instance's application.server, stamped on fatigue-metrics records (may be
   *     null)
   */
  public static Topology build(
      GuardConfig config, GuardSerdes serdes, GuardMetrics metrics, String instance) {
    return build(config, serdes, metrics, instance, new DeadLetterPublisher(config));
  }

  /**
   * @param metrics where the decision metrics of this instance's tasks go
   * @param instance this instance's application.server, stamped on fatigue-metrics records (may be
   *     null)
   * @param policyRejections where policies the global table refuses are sent (the caller closes it)
   */
  public static Topology build(
      GuardConfig config,
      GuardSerdes serdes,
      GuardMetrics metrics,
      String instance,
      PolicyRejections policyRejections) {
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    String preferences = config.topic(GuardSetting.TOPIC_PREFERENCES);
    String policies = config.topic(GuardSetting.TOPIC_POLICIES);
    Duration dedupWindow = config.duration(GuardSetting.DEDUP_WINDOW);

    StreamsBuilder builder = new StreamsBuilder();
    customerStores(serdes, StoreFlavor.PERSISTENT).forEach(builder::addStateStore);
    // Shared by this topology's global policy processor and its guard processors (one per task).
    PolicyTableChanges policyChanges = new PolicyTableChanges();
    // Policies: a global table read straight from the published topic and validated on the way in
    // (also
    // when Kafka Streams restores it), so every instance has every valid policy before judging
    // anything.
    // Persistent in production, so a restart only revalidates what arrived since the last
    // checkpoint.
    builder.addGlobalStore(
        policyStore(StoreFlavor.PERSISTENT),
        policies,
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("contact-policies-source"),
        () -> policyTableUpdater(config, serdes, policyRejections, policyChanges));

    // Messages: decode, bring every message to its customer's partition, judge.
    Map<String, KStream<String, Routed>> decoded =
        builder.stream(
                input,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                    .withName("outbound-messages-source"))
            .process(() -> decodeProcessor(config, serdes), Named.as("decode-outbound-message"))
            .split(Named.as("decoded-"))
            .branch(
                (k, v) -> v instanceof Routed.Inbound in && in.keyedByCustomer(),
                Branched.as("keyed"))
            .branch((k, v) -> v instanceof Routed.Inbound, Branched.as("rekey"))
            .defaultBranch(Branched.as("rejected"));
    KStream<String, Routed> rekeyed =
        decoded
            .get("decoded-rekey")
            .repartition(
                Repartitioned.<String, Routed>as("outbound-messages-by-customer")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(
                        new InboundSerde(serdes.outboundMessage.deserializer(), input)));
    KStream<String, Routed> judged =
        decoded
            .get("decoded-keyed")
            .merge(rekeyed, Named.as("merge-guard-input"))
            .process(
                () -> guardProcessor(config, serdes, policyChanges),
                Named.as("guard"),
                customerStoreNames());

    // Preferences: same stores, same partitions as the messages.
    KStream<String, Routed> preferenceOutcomes =
        builder.stream(
                preferences,
                Consumed.with(Serdes.String(), Serdes.ByteArray())
                    .withName("contact-preferences-source"))
            .process(
                () -> preferencesProcessor(config, serdes),
                Named.as("apply-preferences"),
                customerStoreNames());

    route(
        judged
            .merge(decoded.get("decoded-rejected"), Named.as("merge-rejected"))
            .merge(preferenceOutcomes, Named.as("merge-preference-outcomes")),
        "guard-",
        config,
        serdes,
        metrics,
        instance);

    return builder.build();
  }

  static String[] customerStoreNames() {
    return new String[] {
      StoreNames.PREFERENCES, StoreNames.LEDGER, StoreNames.HELD, StoreNames.HELD_SCHEDULE
    };
  }

  // The processors and stores, made in one place for the topology and for InProcessGuard (replays),
  // so both always run the same code with the same settings.

  static InputDecodeProcessor decodeProcessor(GuardConfig config, GuardSerdes serdes) {
    return new InputDecodeProcessor(
        serdes.outboundMessage.deserializer(), config.topic(GuardSetting.TOPIC_INPUT));
  }

  static MessageGuardProcessor guardProcessor(
      GuardConfig config, GuardSerdes serdes, PolicyTableChanges policyChanges) {
    return new MessageGuardProcessor(
        serdes.outboundMessage.deserializer(),
        serdes.policy.deserializer(),
        policyChanges,
        config.topic(GuardSetting.TOPIC_INPUT),
        config.topic(GuardSetting.TOPIC_POLICIES),
        config.duration(GuardSetting.DEDUP_WINDOW),
        config.duration(GuardSetting.RELEASE_INTERVAL),
        config.integer(GuardSetting.RELEASE_BATCH),
        config.flag(GuardSetting.REQUIRE_POLICY));
  }

  static PreferencesProcessor preferencesProcessor(GuardConfig config, GuardSerdes serdes) {
    return new PreferencesProcessor(
        serdes.preferences.deserializer(),
        serdes.outboundMessage.deserializer(),
        config.topic(GuardSetting.TOPIC_PREFERENCES),
        config.topic(GuardSetting.TOPIC_INPUT));
  }

  static PolicyTableUpdater policyTableUpdater(
      GuardConfig config,
      GuardSerdes serdes,
      PolicyRejections rejections,
      PolicyTableChanges policyChanges) {
    return new PolicyTableUpdater(
        serdes.policy.deserializer(),
        config.topic(GuardSetting.TOPIC_POLICIES),
        rejections,
        policyChanges);
  }

  static StoreBuilder<KeyValueStore<String, byte[]>> policyStore(StoreFlavor flavor) {
    return Stores.keyValueStoreBuilder(
            flavor == StoreFlavor.PERSISTENT
                ? Stores.persistentKeyValueStore(StoreNames.POLICIES)
                : Stores.inMemoryKeyValueStore(StoreNames.POLICIES),
            Serdes.String(),
            Serdes.ByteArray())
        .withLoggingDisabled();
  }

  static List<StoreBuilder<?>> customerStores(GuardSerdes serdes, StoreFlavor flavor) {
    // Preferences are read for every message but exist for few customers. A record cache cannot
    // answer "absent" by itself: each miss costs a lookup in the thread's cache (a TreeMap of every
    // cached key of the thread) before the RocksDB read, whose bloom filter answers "absent"
    // cheaply anyway. Held messages are written rarely and read by prefix scans in release rounds,
    // where a cache saves next to nothing. The ledger is uncached too: every message reads and
    // rewrites one, so a cache adds a lookup to every message and pays off only for customers
    // contacted again while still cached, which among many customers are few (the benchmarks in
    // bench/ compare both).
    List<StoreBuilder<?>> stores = new ArrayList<>();
    stores.add(
        flavor.configure(
            Stores.keyValueStoreBuilder(
                flavor.byKeyOnly(StoreNames.PREFERENCES), Serdes.String(), serdes.preferences),
            false));
    stores.add(
        flavor.configure(
            Stores.keyValueStoreBuilder(
                flavor.byKeyOnly(StoreNames.LEDGER), Serdes.String(), Serdes.ByteArray()),
            false));
    stores.add(
        flavor.configure(
            Stores.keyValueStoreBuilder(
                flavor.scanned(StoreNames.HELD), Serdes.String(), serdes.held),
            false));
    stores.add(
        flavor.configure(
            Stores.keyValueStoreBuilder(
                flavor.scanned(StoreNames.HELD_SCHEDULE), Serdes.Bytes(), Serdes.ByteArray()),
            true));
    return stores;
  }

  /** Sends each kind of outcome to its topic. */
  private static void route(
      KStream<String, Routed> outcomes,
      String prefix,
      GuardConfig config,
      GuardSerdes serdes,
      GuardMetrics metrics,
      String instance) {
    Map<String, KStream<String, Routed>> kinds =
        outcomes
            .split(Named.as(prefix))
            .branch((k, v) -> v instanceof Routed.Approved, Branched.as("approved"))
            .branch((k, v) -> v instanceof Routed.Decided, Branched.as("decided"))
            .branch((k, v) -> v instanceof Routed.Suppressed, Branched.as("suppressed"))
            .defaultBranch(Branched.as("dead-letter"));

    String approvedTopic = config.topic(GuardSetting.TOPIC_APPROVED);
    Serde<Routed> approvedWire =
        Serdes.serdeFrom(
            (topic, v) -> v == null ? null : ((Routed.Approved) v).wireValue(),
            (topic, bytes) -> {
              throw new UnsupportedOperationException("approved messages are only written");
            });
    KStream<String, Routed> approved = kinds.get(prefix + "approved");
    approved.to(
        approvedTopic, Produced.with(Serdes.String(), approvedWire).withName("approved-sink"));
    if (config.flag(GuardSetting.APPROVED_PER_CHANNEL)) {
      approved.to(
          (key, value, ctx) -> approvedTopic + "." + ((Routed.Approved) value).channel(),
          Produced.with(Serdes.String(), approvedWire).withName("approved-per-channel-sink"));
    }
    KStream<String, Routed> decided = kinds.get(prefix + "decided");
    decided
        .mapValues(v -> ((Routed.Decided) v).value(), Named.as("decision-value"))
        .to(
            config.topic(GuardSetting.TOPIC_DECISIONS),
            Produced.with(Serdes.String(), serdes.decision).withName("decisions-sink"));
    // Every decision passes here, so metrics need no hook inside the processors that decide.
    decided
        .process(
            () ->
                new DecisionMetricsProcessor(
                    metrics, config.duration(GuardSetting.METRICS_INTERVAL), instance),
            Named.as("decision-metrics"),
            StoreNames.HELD,
            StoreNames.HELD_SCHEDULE)
        .to(
            config.topic(GuardSetting.TOPIC_METRICS),
            Produced.with(Serdes.String(), serdes.metric).withName("fatigue-metrics-sink"));
    kinds
        .get(prefix + "suppressed")
        .mapValues(v -> ((Routed.Suppressed) v).value(), Named.as("suppressed-value"))
        .to(
            config.topic(GuardSetting.TOPIC_SUPPRESSED),
            Produced.with(Serdes.String(), serdes.suppressed).withName("suppressed-sink"));
    toDeadLetters(kinds.get(prefix + "dead-letter"), prefix, config);
  }

  private static void toDeadLetters(
      KStream<String, Routed> letters, String prefix, GuardConfig config) {
    letters
        .map(
            (k, v) -> {
              Routed.DeadLetter letter = (Routed.DeadLetter) v;
              return KeyValue.pair(letter.key(), letter.value());
            },
            Named.as(prefix + "dead-letter-as-received"))
        .to(
            config.topic(GuardSetting.TOPIC_DLQ),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(prefix + "dlq-sink"));
  }
}
