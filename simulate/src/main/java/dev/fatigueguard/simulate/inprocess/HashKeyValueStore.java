package dev.fatigueguard.simulate.inprocess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The bytes of one of the guard's stores during a replay, in a hash map. Kafka's in-memory store is
 * a sorted tree: with a hundred thousand customers every lookup compares a key some seventeen
 * times, and the guard looks up by exact key for every message. Stores that are also scanned by
 * range or prefix (held messages, the release schedule) keep a sorted index of their keys beside
 * the hash map; the others (preferences, ledgers, policies) answer the rare scan by sorting
 * everything.
 */
final class HashKeyValueStore implements KeyValueStore<Bytes, byte[]> {

  private final String name;
  private final Map<Bytes, byte[]> map = new HashMap<>();

  /** The same keys, sorted, or null when scans may sort on demand. */
  private final NavigableSet<Bytes> sortedKeys;

  private boolean open;

  HashKeyValueStore(String name, boolean scanned) {
    this.name = name;
    this.sortedKeys = scanned ? new TreeSet<>() : null;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(
        root,
        (key, value) -> {
          throw new IllegalStateException(name + " is not logged, so there is nothing to restore");
        });
    open = true;
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      delete(key);
    } else if (map.put(key, value) == null && sortedKeys != null) {
      sortedKeys.add(key);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = map.get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public byte[] delete(Bytes key) {
    byte[] old = map.remove(key);
    if (old != null && sortedKeys != null) {
      sortedKeys.remove(key);
    }
    return old;
  }

  @Override
  public byte[] get(Bytes key) {
    return map.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return sorted(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return sorted(null, null);
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
      P prefix, PS prefixKeySerializer) {
    byte[] p = prefixKeySerializer.serialize(null, prefix);
    if (sortedKeys != null) {
      List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
      for (Bytes k : sortedKeys.tailSet(Bytes.wrap(p), true)) {
        if (k.get().length < p.length
            || !java.util.Arrays.equals(k.get(), 0, p.length, p, 0, p.length)) {
          break;
        }
        found.add(KeyValue.pair(k, map.get(k)));
      }
      return new CopiedIterator<>(found);
    }
    List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
    map.forEach(
        (k, v) -> {
          if (k.get().length >= p.length
              && java.util.Arrays.equals(k.get(), 0, p.length, p, 0, p.length)) {
            found.add(KeyValue.pair(k, v));
          }
        });
    found.sort((a, b) -> a.key.compareTo(b.key));
    return new CopiedIterator<>(found);
  }

  private KeyValueIterator<Bytes, byte[]> sorted(Bytes from, Bytes to) {
    if (sortedKeys != null) {
      NavigableSet<Bytes> keys = sortedKeys;
      if (from != null && to != null) {
        keys =
            from.compareTo(to) > 0
                ? java.util.Collections.emptyNavigableSet()
                : keys.subSet(from, true, to, true);
      } else if (from != null) {
        keys = keys.tailSet(from, true);
      } else if (to != null) {
        keys = keys.headSet(to, true);
      }
      List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
      keys.forEach(k -> found.add(KeyValue.pair(k, map.get(k))));
      return new CopiedIterator<>(found);
    }
    List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
    map.forEach(
        (k, v) -> {
          if ((from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)) {
            found.add(KeyValue.pair(k, v));
          }
        });
    found.sort((a, b) -> a.key.compareTo(b.key));
    return new CopiedIterator<>(found);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  @Override
  public void close() {
    map.clear();
    if (sortedKeys != null) {
      sortedKeys.clear();
    }
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
