package dev.fatigueguard.simulate.inprocess;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What Kafka Streams hands one processor (and the stores it initialises), for a guard run in the
 * caller's thread: the stores the wiring connects the processor to, the shared {@link WallClock},
 * and the metadata of the record being processed. A forwarded record goes straight to the next step
 * ({@code downstream}), depth first, as in a Kafka Streams task.
 *
 * <p>What a replay has no use for is refused loudly rather than faked: stream-time punctuation,
 * named children, metrics, a state directory, default serdes. The guard's processors use none of
 * them; a processor that starts to will fail its replay tests instead of replaying wrongly.
 */
final class ReplayContext<KForward, VForward>
    implements ProcessorContext<KForward, VForward>, StateStoreContext {

  private static final TaskId TASK = new TaskId(0, 0);

  private final Map<String, Object> appConfigs;
  private final WallClock clock;
  private final Map<String, StateStore> stores;
  private final Consumer<Record<? extends KForward, ? extends VForward>> downstream;
  private RecordMetadata recordMetadata;

  /**
   * @param stores the stores this processor may use, by name
   * @param downstream where forwarded records go
   */
  ReplayContext(
      Map<String, Object> appConfigs,
      WallClock clock,
      Map<String, StateStore> stores,
      Consumer<Record<? extends KForward, ? extends VForward>> downstream) {
    this.appConfigs = appConfigs;
    this.clock = clock;
    this.stores = stores;
    this.downstream = downstream;
  }

  /** Sets the metadata of the record about to be processed, as a source topic would. */
  void setRecordMetadata(String topic, int partition, long offset) {
    recordMetadata = new Metadata(topic, partition, offset);
  }

  private record Metadata(String topic, int partition, long offset) implements RecordMetadata {}

  @Override
  public <K extends KForward, V extends VForward> void forward(Record<K, V> record) {
    downstream.accept(record);
  }

  @Override
  public <K extends KForward, V extends VForward> void forward(
      Record<K, V> record, String childName) {
    throw new UnsupportedOperationException(
        "the in-process guard forwards to every child, not to a named one (" + childName + ")");
  }

  @SuppressWarnings("unchecked")
  @Override
  public <S extends StateStore> S getStateStore(String name) {
    StateStore store = stores.get(name);
    if (store == null) {
      throw new IllegalStateException(
          "store " + name + " is not connected to this processor in GuardWiring");
    }
    return (S) store;
  }

  @Override
  public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
    if (type != PunctuationType.WALL_CLOCK_TIME) {
      throw new UnsupportedOperationException(
          "the in-process guard runs wall-clock punctuations only, not " + type);
    }
    return clock.schedule(interval, callback);
  }

  @Override
  public Cancellable schedule(
      Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
    throw new UnsupportedOperationException(
        "the in-process guard runs unanchored wall-clock punctuations only");
  }

  @Override
  public long currentSystemTimeMs() {
    return clock.now();
  }

  @Override
  public long currentStreamTimeMs() {
    throw new UnsupportedOperationException("the in-process guard keeps no stream time");
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    return Optional.ofNullable(recordMetadata);
  }

  @Override
  public void commit() {
    // Nothing to commit: no offsets, no changelogs, no transactions.
  }

  @Override
  public String applicationId() {
    return (String) appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  @Override
  public TaskId taskId() {
    return TASK;
  }

  @Override
  public Map<String, Object> appConfigs() {
    return appConfigs;
  }

  @Override
  public Map<String, Object> appConfigsWithPrefix(String prefix) {
    Map<String, Object> found = new HashMap<>();
    appConfigs.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            found.put(key.substring(prefix.length()), value);
          }
        });
    return found;
  }

  /** Stores are never restored: a replay starts empty and its state ends with it. */
  @Override
  public void register(StateStore store, StateRestoreCallback restore) {}

  @Override
  public void register(StateStore store, StateRestoreCallback restore, CommitCallback checkpoint) {}

  @Override
  public Serde<?> keySerde() {
    throw new UnsupportedOperationException("the guard's stores and processors name their serdes");
  }

  @Override
  public Serde<?> valueSerde() {
    throw new UnsupportedOperationException("the guard's stores and processors name their serdes");
  }

  @Override
  public File stateDir() {
    throw new UnsupportedOperationException("the in-process guard keeps no state on disk");
  }

  @Override
  public StreamsMetrics metrics() {
    throw new UnsupportedOperationException("the in-process guard records no Kafka metrics");
  }
}
