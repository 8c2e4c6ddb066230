package dev.fatigueguard.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
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
 * An in-memory window store ordered by key first, for replays ({@link StoreFlavor#IN_MEMORY}).
 *
 * <p>Kafka's own in-memory window store is ordered by window start first: a fetch of one key over a
 * time range visits every distinct timestamp in that range. The seen-message-ids store puts one
 * 1 ms window per message and fetches one key over the whole dedup window, so a fetch there costs as
 * many map lookups as there were distinct message times in the last 24 hours (tens of thousands
 * in a large replay). RocksDB, ordered by key within each segment, does not have this problem, but
 * flushes on every commit, which the test driver does after every record. Ordered by key, a
 * fetch is one map lookup. Entries older than the retention period are dropped as stream time
 * advances, as in Kafka's stores. Not logged: a replay's state is thrown away at its end.
 */
final class KeyOrderedWindowStore implements WindowStore<Bytes, byte[]> {

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
      return new KeyOrderedWindowStore(name, retention, windowSize);
    }

    @Override
    public String metricsScope() {
      return "in-memory-key-ordered-window";
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
  private final TreeMap<Bytes, TreeMap<Long, byte[]>> byKey = new TreeMap<>();
  private final TreeMap<Long, Set<Bytes>> byTime = new TreeMap<>();
  private long observedStreamTime = Long.MIN_VALUE;
  private boolean open;

  KeyOrderedWindowStore(String name, long retention, long windowSize) {
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
      if (windows != null && windows.remove(windowStart) != null) {
        Set<Bytes> keys = byTime.get(windowStart);
        keys.remove(key);
        if (keys.isEmpty()) {
          byTime.remove(windowStart);
        }
        if (windows.isEmpty()) {
          byKey.remove(key);
        }
      }
    } else if (windowStart >= oldestRetained()) {
      byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(windowStart, value);
      byTime.computeIfAbsent(windowStart, t -> new HashSet<>()).add(key);
    }
    dropExpired();
  }

  private long oldestRetained() {
    return observedStreamTime == Long.MIN_VALUE ? Long.MIN_VALUE : observedStreamTime - retention + 1;
  }

  private void dropExpired() {
    long oldest = oldestRetained();
    while (!byTime.isEmpty() && byTime.firstKey() < oldest) {
      Map.Entry<Long, Set<Bytes>> expired = byTime.pollFirstEntry();
      for (Bytes key : expired.getValue()) {
        TreeMap<Long, byte[]> windows = byKey.get(key);
        windows.remove(expired.getKey());
        if (windows.isEmpty()) {
          byKey.remove(key);
        }
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
    return new ListedWindows(found);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    NavigableMap<Bytes, TreeMap<Long, byte[]>> keys = byKey;
    if (keyFrom != null && keyTo != null) {
      keys = keyFrom.compareTo(keyTo) > 0 ? Collections.emptyNavigableMap() : byKey.subMap(keyFrom, true, keyTo, true);
    } else if (keyFrom != null) {
      keys = byKey.tailMap(keyFrom, true);
    } else if (keyTo != null) {
      keys = byKey.headMap(keyTo, true);
    }
    List<KeyValue<Windowed<Bytes>, byte[]>> found = new ArrayList<>();
    long from = Math.max(timeFrom, oldestRetained());
    if (from <= timeTo) {
      keys.forEach((key, windows) -> windows.subMap(from, true, timeTo, true).forEach((t, v) ->
          found.add(KeyValue.pair(new Windowed<>(key, new TimeWindow(t, t + windowSize)), v))));
    }
    return new Listed<>(found);
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
    byTime.clear();
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

  /** Results are copied out first: they are small, and the maps may change while a caller iterates. */
  private static class Listed<K> implements KeyValueIterator<K, byte[]> {
    private final Iterator<KeyValue<K, byte[]>> items;
    private KeyValue<K, byte[]> next;

    Listed(List<KeyValue<K, byte[]>> items) {
      this.items = items.iterator();
      this.next = this.items.hasNext() ? this.items.next() : null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public KeyValue<K, byte[]> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      KeyValue<K, byte[]> current = next;
      next = items.hasNext() ? items.next() : null;
      return current;
    }

    @Override
    public K peekNextKey() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      return next.key;
    }

    @Override
    public void close() {
      // nothing to release
    }
  }

  private static final class ListedWindows extends Listed<Long> implements WindowStoreIterator<byte[]> {
    ListedWindows(List<KeyValue<Long, byte[]>> items) {
      super(items);
    }
  }
}
