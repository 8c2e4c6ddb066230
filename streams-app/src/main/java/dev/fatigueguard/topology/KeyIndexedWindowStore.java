package dev.fatigueguard.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * An in-memory window store indexed by key, for replays ({@link StoreFlavor#IN_MEMORY}).
 *
 * <p>Kafka's own in-memory window store is ordered by window start first: a fetch of one key over a
 * time range visits every distinct timestamp in that range. The seen-message-ids store puts one
 * 1 ms window per message and fetches one key over the whole dedup window, so a fetch there costs as
 * many map lookups as there were distinct message times in the last 24 hours (tens of thousands
 * in a large replay). RocksDB, ordered by key within each segment, does not have this problem, but
 * flushes on every commit, which the test driver does after every record. Here a key's windows are
 * found by one hash lookup. Entries older than the retention period are dropped as stream time
 * advances, as in Kafka's stores. Not logged: a replay's state is thrown away at its end.
 */
final class KeyIndexedWindowStore implements WindowStore<Bytes, byte[]> {

  /** Supplies the store to {@link org.apache.kafka.streams.state.Stores#windowStoreBuilder}. */
  static final class Supplier implements WindowBytesStoreSupplier {
    private final String name;
    private final long retention;
    private final long windowSize;

    Supplier(String name, long retention, long windowSize) {
      this.name = name;
      this.retention = retention;
      this.windowSize = windowSize;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public WindowStore<Bytes, byte[]> get() {
      return new KeyIndexedWindowStore(name, retention, windowSize);
    }

    @Override
    public String metricsScope() {
      return "in-memory-key-indexed-window";
    }

    @Override
    public long segmentIntervalMs() {
      return retention;
    }

    @Override
    public long windowSize() {
      return windowSize;
    }

    @Override
    public boolean retainDuplicates() {
      return false;
    }

    @Override
    public long retentionPeriod() {
      return retention;
    }
  }

  private final String name;
  private final long retention;
  private final long windowSize;
  private final Map<Bytes, TreeMap<Long, byte[]>> byKey = new HashMap<>();
  /**
   * Every put in arrival order, for expiry. A replay puts in event-time order, so the head is always
   * the oldest; a put that arrives late only lives in memory a little longer (fetches still skip it).
   */
  private final ArrayDeque<Windowed<Bytes>> puts = new ArrayDeque<>();
  private long observedStreamTime = Long.MIN_VALUE;
  private boolean open;

  KeyIndexedWindowStore(String name, long retention, long windowSize) {
    this.name = name;
    this.retention = retention;
    this.windowSize = windowSize;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> {
      throw new IllegalStateException(name + " is not logged, so there is nothing to restore");
    });
    open = true;
  }

  @Override
  public void put(Bytes key, byte[] value, long windowStart) {
    observedStreamTime = Math.max(observedStreamTime, windowStart);
    if (value == null) {
      TreeMap<Long, byte[]> windows = byKey.get(key);
      if (windows != null && windows.remove(windowStart) != null && windows.isEmpty()) {
        byKey.remove(key);
      }
    } else if (windowStart >= oldestRetained()) {
      byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(windowStart, value);
      puts.addLast(new Windowed<>(key, new TimeWindow(windowStart, windowStart + windowSize)));
    }
    dropExpired();
  }

  private long oldestRetained() {
    return observedStreamTime == Long.MIN_VALUE ? Long.MIN_VALUE : observedStreamTime - retention + 1;
  }

  private void dropExpired() {
    long oldest = oldestRetained();
    while (!puts.isEmpty() && puts.peekFirst().window().start() < oldest) {
      Windowed<Bytes> expired = puts.pollFirst();
      TreeMap<Long, byte[]> windows = byKey.get(expired.key());
      if (windows != null && windows.remove(expired.window().start()) != null && windows.isEmpty()) {
        byKey.remove(expired.key());
      }
    }
  }

  @Override
  public byte[] fetch(Bytes key, long time) {
    TreeMap<Long, byte[]> windows = byKey.get(key);
    return windows == null || time < oldestRetained() ? null : windows.get(time);
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    List<KeyValue<Long, byte[]>> found = new ArrayList<>();
    TreeMap<Long, byte[]> windows = byKey.get(key);
    long from = Math.max(timeFrom, oldestRetained());
    if (windows != null && from <= timeTo) {
      windows.subMap(from, true, timeTo, true).forEach((t, v) -> found.add(KeyValue.pair(t, v)));
    }
    return new CopiedIterator.Windows(found);
  }

  /** Key ranges (erasure, all()) are rare: they scan every key and sort what they find. */
  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    List<KeyValue<Windowed<Bytes>, byte[]>> found = new ArrayList<>();
    long from = Math.max(timeFrom, oldestRetained());
    if (from <= timeTo) {
      byKey.forEach((key, windows) -> {
        if ((keyFrom == null || key.compareTo(keyFrom) >= 0) && (keyTo == null || key.compareTo(keyTo) <= 0)) {
          windows.subMap(from, true, timeTo, true).forEach((t, v) ->
              found.add(KeyValue.pair(new Windowed<>(key, new TimeWindow(t, t + windowSize)), v)));
        }
      });
    }
    found.sort(Comparator.comparing((KeyValue<Windowed<Bytes>, byte[]> kv) -> kv.key.key())
        .thenComparingLong(kv -> kv.key.window().start()));
    return new CopiedIterator<>(found);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
    return fetch(null, null, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    return fetchAll(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Override
  public void close() {
    byKey.clear();
    puts.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Position getPosition() {
    return Position.emptyPosition();
  }
}
