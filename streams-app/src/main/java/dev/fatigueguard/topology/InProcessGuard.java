package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The guard's own processors and stores — the very objects {@link GuardTopology} wires, made by the
 * same factory methods — driven directly in the caller's thread, for what-if replays.
 *
 * <p>Why not Kafka Streams' runtime: a replay needs no broker, no changelog, no commit and no
 * serialization between processors, yet {@code TopologyTestDriver} does all of that per record (a
 * commit, plus compiling every source topic name as a regular expression for every output record):
 * measured, more than half of a replay's time. Here each processor gets a {@link
 * MockProcessorContext} (Kafka's public harness for running a processor outside a topology);
 * records flow decode → guard, preferences → guard's stores, policies → policy table, exactly along
 * the topology's edges, and every outcome is routed as the topology's split routes it. The
 * repartition step has no counterpart: it only re-keys by customerId, which the decode step already
 * did.
 *
 * <p>The wall clock moves only when the caller says so; wall-clock punctuations fire as Kafka
 * Streams fires them (at their scheduled time, once however late, then every interval after the
 * time they ran). {@code SimulationMatchesLiveGuardTest} checks that this driver decides exactly as
 * the real topology does under Kafka Streams.
 */
public final class InProcessGuard {

  private final Properties streamsProperties;
  private final String inputTopic;
  private final String preferencesTopic;
  private final String policiesTopic;
  private final List<StateStore> stores = new ArrayList<>();
  private final List<MockProcessorContext<?, ?>> contexts = new ArrayList<>();
  private final MockProcessorContext<String, Routed> decodeContext;
  private final MockProcessorContext<String, Routed> guardContext;
  private final MockProcessorContext<String, Routed> preferencesContext;
  private final MockProcessorContext<Void, Void> policyContext;
  private final InputDecodeProcessor decode;
  private final MessageGuardProcessor guard;
  private final PreferencesProcessor preferences;
  private final PolicyTableUpdater policyTable;
  private final List<Schedule> wallClockSchedules = new ArrayList<>();
  private final Consumer<ContactDecision> decisions;
  private final Consumer<Routed.DeadLetter> deadLetters;
  private long wallClock;
  private long offset;

  /** A wall-clock punctuation and when it runs next. */
  private static final class Schedule {
    final CapturedPunctuator punctuator;
    long next;

    Schedule(CapturedPunctuator punctuator, long next) {
      this.punctuator = punctuator;
      this.next = next;
    }
  }

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
    this.streamsProperties = config.streamsProperties();
    this.inputTopic = config.topic(GuardSetting.TOPIC_INPUT);
    this.preferencesTopic = config.topic(GuardSetting.TOPIC_PREFERENCES);
    this.policiesTopic = config.topic(GuardSetting.TOPIC_POLICIES);
    this.decisions = decisions;
    this.deadLetters = deadLetters;
    this.wallClock = wallClockStart;

    decodeContext = context();
    guardContext = context();
    preferencesContext = context();
    policyContext = context();
    List<StoreBuilder<?>> builders =
        new ArrayList<>(GuardTopology.customerStores(serdes, StoreFlavor.IN_MEMORY));
    builders.add(GuardTopology.policyStore(StoreFlavor.IN_MEMORY));
    for (StoreBuilder<?> builder : builders) {
      StateStore store = builder.build();
      store.init(guardContext.getStateStoreContext(), store);
      stores.add(store);
      contexts.forEach(c -> c.addStateStore(store));
    }

    recordNoStoreLatencies(guardContext);

    // Kafka Streams initialises the global store's processor before any task.
    PolicyTableChanges policyChanges = new PolicyTableChanges();
    policyTable =
        GuardTopology.policyTableUpdater(config, serdes, deadLetters::accept, policyChanges);
    policyTable.init(policyContext);
    decode = GuardTopology.decodeProcessor(config, serdes);
    decode.init(decodeContext);
    guard = GuardTopology.guardProcessor(config, serdes, policyChanges);
    guard.init(guardContext);
    preferences = GuardTopology.preferencesProcessor(config, serdes);
    preferences.init(preferencesContext);
    for (CapturedPunctuator p : guardContext.scheduledPunctuators()) {
      if (p.getType() == PunctuationType.WALL_CLOCK_TIME) {
        wallClockSchedules.add(new Schedule(p, wallClockStart + p.getInterval().toMillis()));
      }
    }
  }

  /**
   * MockProcessorContext fixes its metrics at DEBUG level, so every store read and write also takes
   * two clock readings and records a latency sample (a twentieth of a replay), which nobody reads
   * here. A running guard uses Kafka Streams' default, INFO, where store latencies are not
   * recorded. The level lives in the registry's MetricConfig, shared by every sensor: set it there.
   */
  private static void recordNoStoreLatencies(MockProcessorContext<?, ?> context) {
    for (Metric metric : context.metrics().metrics().values()) {
      if (metric instanceof KafkaMetric kafkaMetric) {
        kafkaMetric.config().recordLevel(Sensor.RecordingLevel.INFO);
      }
    }
  }

  private <K, V> MockProcessorContext<K, V> context() {
    MockProcessorContext<K, V> context = new MockProcessorContext<>(streamsProperties);
    context.setCurrentSystemTimeMs(wallClock);
    contexts.add(context);
    return context;
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
    route(preferencesContext);
  }

  /** A message record as on the input topic, judged at {@code timestamp} (its record time). */
  public void message(byte[] key, byte[] value, long timestamp) {
    decodeContext.setRecordMetadata(inputTopic, 0, offset++);
    // A replay's message arrives when it was sent: its clock-skew check measures against that.
    decodeContext.setCurrentSystemTimeMs(timestamp);
    decode.process(new Record<>(key, value, timestamp, new RecordHeaders()));
    for (CapturedForward<? extends String, ? extends Routed> forward : decodeContext.forwarded()) {
      Record<? extends String, ? extends Routed> record = forward.record();
      if (record.value() instanceof Routed.Inbound) {
        guardContext.setRecordMetadata(inputTopic, 0, offset - 1);
        @SuppressWarnings("unchecked")
        Record<String, Routed> inbound = (Record<String, Routed>) record;
        guard.process(inbound);
        route(guardContext);
      } else {
        routeOne(record.value());
      }
    }
    decodeContext.resetForwards();
  }

  /**
   * Moves the wall clock to {@code time} and runs the wall-clock punctuations that are due, as
   * Kafka Streams' punctuation queue does: the first run is one interval after the start; each runs
   * once with the current time however many of its intervals passed, and next at the first point of
   * its grid (first run + k × interval) after now.
   */
  public void advanceWallClock(long time) {
    if (time < wallClock) {
      return;
    }
    wallClock = time;
    contexts.forEach(c -> c.setCurrentSystemTimeMs(time));
    for (Schedule s : wallClockSchedules) {
      if (s.punctuator.cancelled() || s.next > time) {
        continue;
      }
      s.punctuator.getPunctuator().punctuate(time);
      route(guardContext);
      long interval = s.punctuator.getInterval().toMillis();
      s.next += ((time - s.next) / interval + 1) * interval; // stays on the grid of its first run
    }
  }

  public long wallClock() {
    return wallClock;
  }

  /** Held messages right now. */
  public long heldCount() {
    for (StateStore store : stores) {
      if (store.name().equals(StoreNames.HELD)) {
        return ((KeyValueStore<?, ?>) store).approximateNumEntries();
      }
    }
    throw new IllegalStateException("no " + StoreNames.HELD + " store");
  }

  private void route(MockProcessorContext<String, Routed> context) {
    for (CapturedForward<? extends String, ? extends Routed> forward : context.forwarded()) {
      routeOne(forward.record().value());
    }
    context.resetForwards();
  }

  /** The topology's split: the same four kinds, to the same places. */
  private void routeOne(Routed value) {
    if (value instanceof Routed.Decided d) {
      decisions.accept(d.value());
    } else if (value instanceof Routed.Approved || value instanceof Routed.Suppressed) {
      // A replay reports decisions; the approved and suppressed copies of the messages go nowhere.
    } else if (value instanceof Routed.DeadLetter letter) {
      deadLetters.accept(letter);
    } else {
      throw new IllegalStateException("unexpected outcome " + value);
    }
  }

  /** The key a sender writes: the customerId as UTF-8. */
  public static byte[] customerKey(String customerId) {
    return customerId.getBytes(StandardCharsets.UTF_8);
  }

  /** Closes every store. */
  public void close() {
    stores.forEach(StateStore::close);
  }
}
