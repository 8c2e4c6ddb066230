package dev.fatigueguard.simulate.inprocess;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.topology.GuardSerdes;
import dev.fatigueguard.topology.GuardStore;
import dev.fatigueguard.topology.GuardWiring;
import dev.fatigueguard.topology.OutcomeSink;
import dev.fatigueguard.topology.Routed;
import dev.fatigueguard.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The guard's own processors, as {@link GuardWiring} describes them, over in-memory stores of the
 * same names and serdes, driven directly in the caller's thread, for what-if replays.
 *
 * <p>Why not Kafka Streams' runtime: a replay needs no broker, no changelog, no commit and no
 * serialization between processors, yet {@code TopologyTestDriver} does all of that for every
 * record. Here each processor gets a {@link ReplayContext} with the stores the wiring connects it
 * to; records flow decode → guard, preferences → the guard's stores, policies → policy table,
 * exactly along the topology's edges, and every outcome goes where {@link OutcomeSink} sends it.
 * The repartition step has no counterpart: it only re-keys by customerId, which the decode step
 * already did.
 *
 * <p>The wall clock moves only when the caller says so ({@link WallClock}). {@code
 * SimulationMatchesLiveGuardTest} checks that this driver decides exactly as the real topology does
 * under Kafka Streams.
 */
public final class InProcessGuard {

  private final String inputTopic;
  private final String preferencesTopic;
  private final String policiesTopic;
  private final WallClock clock;
  private final Map<String, StateStore> stores = new LinkedHashMap<>();
  private final ReplayContext<String, Routed> decodeContext;
  private final ReplayContext<String, Routed> guardContext;
  private final ReplayContext<String, Routed> preferencesContext;
  private final ReplayContext<Void, Void> policyContext;
  private final Processor<byte[], byte[], String, Routed> decode;
  private final Processor<String, Routed, String, Routed> guard;
  private final Processor<String, byte[], String, Routed> preferences;
  private final Processor<String, byte[], Void, Void> policyTable;
  private final Consumer<ContactDecision> decisions;
  private final Consumer<Routed.DeadLetter> deadLetters;
  private long offset;

  /**
   * @param wallClockStart the wall clock when the guard starts (punctuations are scheduled from
   *     here)
   * @param decisions every decision event, in the order the guard makes them
   * @param deadLetters input, preferences or policies the guard refused, with the reason in the
   *     headers
   */
  public InProcessGuard(
      GuardConfig config,
      GuardSerdes serdes,
      long wallClockStart,
      Consumer<ContactDecision> decisions,
      Consumer<Routed.DeadLetter> deadLetters) {
    this.inputTopic = config.topic(GuardSetting.TOPIC_INPUT);
    this.preferencesTopic = config.topic(GuardSetting.TOPIC_PREFERENCES);
    this.policiesTopic = config.topic(GuardSetting.TOPIC_POLICIES);
    this.decisions = decisions;
    this.deadLetters = deadLetters;
    this.clock = new WallClock(wallClockStart);
    Map<String, Object> appConfigs = new HashMap<>();
    config.streamsProperties().forEach((k, v) -> appConfigs.put((String) k, v));

    GuardWiring wiring = new GuardWiring(config, serdes);
    GuardStore<String, byte[]> policyStore = wiring.policyStore();
    for (GuardStore<?, ?> store : wiring.customerStores()) {
      stores.put(store.name(), new SerializedStore<>(store));
    }
    stores.put(policyStore.name(), new SerializedStore<>(policyStore));

    GuardWiring.Node<byte[], byte[], String, Routed> decodeNode = wiring.decode();
    GuardWiring.Node<String, Routed, String, Routed> guardNode = wiring.guard();
    GuardWiring.Node<String, byte[], String, Routed> preferencesNode = wiring.applyPreferences();
    guardContext =
        new ReplayContext<String, Routed>(
            appConfigs, clock, connected(guardNode.stores(), policyStore), this::sink);
    decodeContext =
        new ReplayContext<String, Routed>(
            appConfigs, clock, connected(decodeNode.stores(), policyStore), this::judge);
    preferencesContext =
        new ReplayContext<String, Routed>(
            appConfigs, clock, connected(preferencesNode.stores(), policyStore), this::sink);
    policyContext =
        new ReplayContext<>(
            appConfigs,
            clock,
            connected(List.of(), policyStore),
            record -> {
              throw new IllegalStateException("the policy table forwards nothing");
            });

    // Kafka Streams initialises the stores first, then the global store's processor, then the
    // tasks' processors.
    stores.values().forEach(store -> store.init(guardContext, store));
    policyTable = wiring.policyTable(deadLetters::accept).get();
    policyTable.init(policyContext);
    decode = decodeNode.supplier().get();
    decode.init(decodeContext);
    guard = guardNode.supplier().get();
    guard.init(guardContext);
    preferences = preferencesNode.supplier().get();
    preferences.init(preferencesContext);
  }

  /** The stores the wiring connects a processor to, and the global policy store. */
  private Map<String, StateStore> connected(List<String> names, GuardStore<?, ?> global) {
    Map<String, StateStore> found = new HashMap<>();
    for (String name : names) {
      found.put(name, stores.get(name));
    }
    found.put(global.name(), stores.get(global.name()));
    return found;
  }

  /** A policy record as on the policies topic (tenant key, Avro value; null = delete). */
  public void policy(String tenant, byte[] value, long timestamp) {
    policyContext.setRecordMetadata(policiesTopic, 0, offset++);
    policyTable.process(new Record<>(tenant, value, timestamp));
  }

  /**
   * A preferences record as on the preferences topic (customerId key, Avro value; null = erase).
   */
  public void preferences(String customerId, byte[] value, long timestamp) {
    preferencesContext.setRecordMetadata(preferencesTopic, 0, offset++);
    preferences.process(new Record<>(customerId, value, timestamp));
  }

  /** A message record as on the input topic, judged at {@code timestamp} (its record time). */
  public void message(byte[] key, byte[] value, long timestamp) {
    decodeContext.setRecordMetadata(inputTopic, 0, offset++);
    decode.process(new Record<>(key, value, timestamp, new RecordHeaders()));
  }

  /** What the decode step forwards: a readable message goes on to the guard, the rest to a sink. */
  private void judge(Record<? extends String, ? extends Routed> record) {
    if (record.value() instanceof Routed.Inbound) {
      guardContext.setRecordMetadata(inputTopic, 0, offset - 1);
      @SuppressWarnings("unchecked")
      Record<String, Routed> inbound = (Record<String, Routed>) record;
      guard.process(inbound);
    } else {
      sink(record);
    }
  }

  /**
   * The topology's sinks, for a replay: it reports decisions and dead letters; the approved and
   * suppressed copies of the messages go nowhere.
   */
  private void sink(Record<? extends String, ? extends Routed> record) {
    Routed outcome = record.value();
    switch (OutcomeSink.of(outcome)) {
      case DECIDED -> decisions.accept(((Routed.Decided) outcome).value());
      case DEAD_LETTER -> deadLetters.accept((Routed.DeadLetter) outcome);
      case APPROVED, SUPPRESSED -> {}
    }
  }

  /**
   * Moves the wall clock to {@code time} and runs the wall-clock punctuations that are due, as
   * Kafka Streams' punctuation queue does.
   */
  public void advanceWallClock(long time) {
    clock.advanceTo(time);
  }

  public long wallClock() {
    return clock.now();
  }

  /** Held messages right now. */
  public long heldCount() {
    return ((KeyValueStore<?, ?>) stores.get(StoreNames.HELD)).approximateNumEntries();
  }

  /** The key a sender writes: the customerId as UTF-8. */
  public static byte[] customerKey(String customerId) {
    return customerId.getBytes(StandardCharsets.UTF_8);
  }

  /** Closes every store. */
  public void close() {
    stores.values().forEach(StateStore::close);
  }
}
