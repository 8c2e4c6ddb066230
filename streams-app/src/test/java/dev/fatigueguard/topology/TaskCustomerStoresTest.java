package dev.fatigueguard.topology;

import static dev.fatigueguard.topology.GuardDriver.T0;
import static dev.fatigueguard.topology.GuardDriver.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-task memory of decoded customers: the guard and the preferences processor of a task share
 * it, and it does not outlive the task's processors. The processors are made by the same wiring (as
 * Kafka Streams makes them again, from the same topology, when a task comes back to an instance)
 * and run on a mock context over in-memory stores.
 */
class TaskCustomerStoresTest {

  @TempDir Path stateDir;

  private GuardConfig config;
  private GuardSerdes serdes;
  private GuardWiring wiring;
  private MockProcessorContext<String, Routed> context;
  private Processor<String, Routed, String, Routed> guard;
  private Processor<String, byte[], String, Routed> preferences;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://task-stores-" + UUID.randomUUID());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "guard-test");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
    settings.put(GuardSetting.REQUIRE_POLICY.key(), "false");
    config = GuardConfig.of(settings, Map.of());
    serdes = new GuardSerdes(config.serdeConfig());
    wiring = new GuardWiring(config, serdes);
    context = new MockProcessorContext<>(config.streamsProperties());
    addStore(StoreNames.PREFERENCES, serdes.preferences);
    addStore(StoreNames.LEDGER, Serdes.ByteArray());
    addStore(StoreNames.HELD, serdes.held);
    addStore(StoreNames.POLICIES, Serdes.ByteArray());
    KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> schedule =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.HELD_SCHEDULE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    schedule.init(context.getStateStoreContext(), schedule);
    context.addStateStore(schedule);
    initProcessors();
  }

  private <V> void addStore(String name, Serde<V> values) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  /** What Kafka Streams does when a task (re)starts on this instance. */
  private void initProcessors() {
    guard = wiring.guard().supplier().get();
    preferences = wiring.applyPreferences().supplier().get();
    guard.init(context);
    preferences.init(context);
  }

  /** What Kafka Streams does when a task is suspended, closed or closed dirty. */
  private void closeProcessors() {
    guard.close();
    preferences.close();
  }

  @AfterEach
  void stop() {
    closeProcessors();
  }

  private void send(String messageId, String customerId, long at) {
    OutboundMessage m = message(messageId, customerId).build();
    byte[] wire =
        serdes.outboundMessage().serializer().serialize(config.topic(GuardSetting.TOPIC_INPUT), m);
    guard.process(new Record<>(customerId, new Routed.Inbound(m, wire, true), at));
  }

  private List<ContactDecision> decisions() {
    List<ContactDecision> out =
        context.forwarded().stream()
            .map(f -> f.record().value())
            .filter(Routed.Decided.class::isInstance)
            .map(v -> ((Routed.Decided) v).value())
            .toList();
    context.resetForwards();
    return out;
  }

  @Test
  void aResentMessageIdIsCaughtFromMemoryWhileTheTaskRuns() {
    send("m1", "c1", T0.toEpochMilli());
    send("m1", "c1", T0.toEpochMilli() + 1000);

    assertThat(decisions())
        .extracting(ContactDecision::getDecision, ContactDecision::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Decision.APPROVED, null),
            org.assertj.core.groups.Tuple.tuple(Decision.DROPPED, DropReason.DUPLICATE));
  }

  @Test
  void theGuardSeesAnErasureThePreferencesProcessorOfItsTaskMade() {
    send("m1", "c1", T0.toEpochMilli());
    decisions();

    preferences.process(new Record<>("c1", null, T0.toEpochMilli() + 1000));
    send("m1", "c1", T0.toEpochMilli() + 2000);

    assertThat(decisions())
        .as("after the erasure the customer's seen ids are gone, so m1 is new again")
        .extracting(ContactDecision::getDecision)
        .containsExactly(Decision.APPROVED);
  }

  @Test
  void aTaskStartedAgainReadsItsStoresNotWhatItsClosedProcessorsRemembered() {
    send("m1", "c1", T0.toEpochMilli());
    decisions();
    closeProcessors();
    // While the task was away its stores were rewound: an aborted transaction's writes undone by a
    // restore from the changelog, or another instance's writes restored.
    context.<KeyValueStore<String, byte[]>>getStateStore(StoreNames.LEDGER).delete("c1");
    initProcessors();

    send("m1", "c1", T0.toEpochMilli() + 1000);

    assertThat(decisions())
        .as("the ledger is read from the store: m1 was never seen")
        .extracting(ContactDecision::getDecision)
        .containsExactly(Decision.APPROVED);
  }

  @Test
  void aMessageThatFailsWhileBeingJudgedLeavesNoHalfChangedLedgerInMemory() {
    send("m1", "c1", T0.toEpochMilli());
    decisions();
    // A message the guard cannot judge (here: a malformed message, no channel) after its id was
    // added to the ledger in memory; it goes to the DLQ and its id must not stay in the ledger.
    OutboundMessage broken = message("m2", "c1").build();
    broken.setChannel(null);
    byte[] wire = new byte[] {1};
    guard.process(new Record<>("c1", new Routed.Inbound(broken, wire, true), T0.toEpochMilli()));
    context.resetForwards();

    send("m2", "c1", T0.toEpochMilli() + 2000);

    assertThat(decisions())
        .as("m2 was never recorded in the stored ledger, so it is not a duplicate")
        .extracting(ContactDecision::getDecision)
        .containsExactly(Decision.APPROVED);
  }
}
