package dev.fatigueguard.topology;

import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.GuardMetrics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * What the guard is made of, described once: its processors with their names, the stores, which
 * processor uses which store, and where each kind of outcome goes ({@link OutcomeSink}). {@link
 * GuardTopology} lays this out as a Kafka Streams topology; the replay behind {@code fatigue-guard
 * simulate} runs the very same processors over stores of the same names and serdes in one thread. A
 * change to what the guard is made of is made here, and both follow.
 *
 * <p>How records flow: input bytes → {@link #decode()} → readable messages, keyed by customer, →
 * {@link #guard()}; everything else the processors emit is an outcome for a sink. Preferences →
 * {@link #applyPreferences()}, over the guard's own stores. Policies → {@link #policyTable} → the
 * global policy store, which every processor may read without being connected to it.
 *
 * <p>One wiring is one guard instance: its guard processors and its policy table share one count of
 * policy changes, so the guard re-reads policies only after the table changed.
 */
public final class GuardWiring {

  /**
   * A processor of the guard: its name (it appears in the topology and its metrics, so it must not
   * shift), how to make one (one per task), and the stores it is connected to.
   */
  public record Node<KIn, VIn, KOut, VOut>(
      String name, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier, List<String> stores) {

    String[] storeNames() {
      return stores.toArray(String[]::new);
    }
  }

  /** The per-customer stores, shared by the guard and the preferences processors. */
  private static final List<String> CUSTOMER_STORES =
      List.of(StoreNames.PREFERENCES, StoreNames.LEDGER, StoreNames.HELD, StoreNames.HELD_SCHEDULE);

  private final GuardConfig config;
  private final GuardSerdes serdes;
  private final PolicyTableChanges policyChanges = new PolicyTableChanges();
  private final TaskCustomerStores taskStores;

  public GuardWiring(GuardConfig config, GuardSerdes serdes) {
    this.config = config;
    this.serdes = serdes;
    this.taskStores = new TaskCustomerStores(config.integer(GuardSetting.CUSTOMER_CACHE));
  }

  /**
   * The stores each customer's partition keeps, partitioned like the input.
   *
   * <p>Only the release schedule takes a record cache. Preferences are read for every message but
   * exist for few customers, and a cache cannot answer "absent" by itself: every miss would pay a
   * cache lookup before the RocksDB read, whose bloom filter answers "absent" cheaply anyway. Held
   * messages are written rarely and read by prefix scans in release rounds, where a cache saves
   * next to nothing. The ledger has no record cache either: every message reads and rewrites one,
   * and a cache of serialized bytes would still leave the decode and the encode to every message
   * (the benchmarks in bench/ compare both). The guard keeps decoded ledgers and preferences in
   * memory itself instead ({@link CustomerStores}, {@link TaskCustomerStores}).
   */
  public List<GuardStore<?, ?>> customerStores() {
    return List.of(
        new GuardStore<>(StoreNames.PREFERENCES, Serdes.String(), serdes.preferences, false, false),
        new GuardStore<>(StoreNames.LEDGER, Serdes.String(), Serdes.ByteArray(), false, false),
        new GuardStore<>(StoreNames.HELD, Serdes.String(), serdes.held, true, false),
        new GuardStore<>(StoreNames.HELD_SCHEDULE, Serdes.Bytes(), Serdes.ByteArray(), true, true));
  }

  /**
   * The global policy table: tenant → the last valid policy's bytes, as published. Every instance
   * holds all of it, filled from the policies topic itself by {@link #policyTable}.
   */
  public GuardStore<String, byte[]> policyStore() {
    return new GuardStore<>(StoreNames.POLICIES, Serdes.String(), Serdes.ByteArray(), false, false);
  }

  /**
   * Reads the input topic's bytes into messages keyed by customer; unreadable input becomes a dead
   * letter.
   */
  public Node<byte[], byte[], String, Routed> decode() {
    return new Node<>(
        "decode-outbound-message",
        () ->
            new InputDecodeProcessor(
                serdes.outboundMessage.deserializer(),
                config.topic(GuardSetting.TOPIC_INPUT),
                config.duration(GuardSetting.MAX_CLOCK_SKEW),
                config.flag(GuardSetting.INPUT_KEYED_BY_CUSTOMER)),
        List.of());
  }

  /**
   * Judges each message against its customer's state and the policies, and releases held messages
   * on a wall-clock punctuation.
   */
  public Node<String, Routed, String, Routed> guard() {
    return new Node<>(
        "guard",
        () ->
            new MessageGuardProcessor(
                serdes.outboundMessage.deserializer(),
                serdes.policy.deserializer(),
                policyChanges,
                config.topic(GuardSetting.TOPIC_INPUT),
                config.topic(GuardSetting.TOPIC_POLICIES),
                config.duration(GuardSetting.DEDUP_WINDOW),
                config.duration(GuardSetting.RELEASE_INTERVAL),
                config.integer(GuardSetting.RELEASE_BATCH),
                config.flag(GuardSetting.REQUIRE_POLICY),
                taskStores),
        CUSTOMER_STORES);
  }

  /** Applies customer preferences and erasures to the guard's own stores. */
  public Node<String, byte[], String, Routed> applyPreferences() {
    return new Node<>(
        "apply-preferences",
        () ->
            new PreferencesProcessor(
                serdes.preferences.deserializer(),
                serdes.outboundMessage.deserializer(),
                config.topic(GuardSetting.TOPIC_PREFERENCES),
                config.topic(GuardSetting.TOPIC_INPUT),
                taskStores),
        CUSTOMER_STORES);
  }

  /**
   * Keeps the {@link #policyStore() policy table} at the last valid policy of each tenant.
   *
   * @param rejections where refused policies go (the table's processor forwards to no sink)
   */
  public ProcessorSupplier<String, byte[], Void, Void> policyTable(PolicyRejections rejections) {
    return () ->
        new PolicyTableUpdater(
            serdes.policy.deserializer(),
            config.topic(GuardSetting.TOPIC_POLICIES),
            rejections,
            policyChanges);
  }

  /**
   * Watches the decisions on their way to the {@link OutcomeSink#DECIDED} sink, and reads the held
   * backlog from the release schedule.
   *
   * @param instance this instance's application.server, stamped on fatigue-metrics records (may be
   *     null)
   */
  public Node<String, Routed, String, FatigueMetric> decisionMetrics(
      GuardMetrics metrics, String instance) {
    return new Node<>(
        "decision-metrics",
        () ->
            new DecisionMetricsProcessor(
                metrics, config.duration(GuardSetting.METRICS_INTERVAL), instance),
        List.of(StoreNames.HELD, StoreNames.HELD_SCHEDULE));
  }
}
