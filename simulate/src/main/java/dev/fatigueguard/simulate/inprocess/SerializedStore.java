package dev.fatigueguard.simulate.inprocess;

import dev.fatigueguard.topology.GuardStore;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One of the guard's stores as its processors see it, keeping bytes in a {@link HashKeyValueStore}
 * through the store's own serdes, as Kafka Streams' stores do. Storing bytes rather than the
 * objects matters: a processor may change an object after putting it (a held message gets a new
 * release time), and must not change what the store holds by doing so.
 */
final class SerializedStore<K, V> implements KeyValueStore<K, V> {

  private final String name;
  private final Serializer<K> keySerializer;
  private final Deserializer<K> keyDeserializer;
  private final Serializer<V> valueSerializer;
  private final Deserializer<V> valueDeserializer;
  private final HashKeyValueStore bytes;

  SerializedStore(GuardStore<K, V> store) {
    this.name = store.name();
    this.keySerializer = store.keySerde().serializer();
    this.keyDeserializer = store.keySerde().deserializer();
    this.valueSerializer = store.valueSerde().serializer();
    this.valueDeserializer = store.valueSerde().deserializer();
    this.bytes = new HashKeyValueStore(store.name(), store.scanned());
  }

  private Bytes rawKey(K key) {
    return Bytes.wrap(keySerializer.serialize(name, Objects.requireNonNull(key, "key")));
  }

  private byte[] rawValue(V value) {
    return valueSerializer.serialize(name, value);
  }

  private V value(byte[] raw) {
    return raw == null ? null : valueDeserializer.deserialize(name, raw);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    bytes.init(context, root);
  }

  @Override
  public void put(K key, V value) {
    bytes.put(rawKey(key), rawValue(value));
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return value(bytes.putIfAbsent(rawKey(key), rawValue(value)));
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public V delete(K key) {
    return value(bytes.delete(rawKey(key)));
  }

  @Override
  public V get(K key) {
    return value(bytes.get(rawKey(key)));
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    return typed(bytes.range(from == null ? null : rawKey(from), to == null ? null : rawKey(to)));
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return typed(bytes.all());
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(
      P prefix, PS prefixKeySerializer) {
    return typed(bytes.prefixScan(prefix, prefixKeySerializer));
  }

  /** The entries found, each decoded as the caller reaches it. */
  private KeyValueIterator<K, V> typed(KeyValueIterator<Bytes, byte[]> found) {
    return new KeyValueIterator<>() {
      @Override
      public boolean hasNext() {
        return found.hasNext();
      }

      @Override
      public KeyValue<K, V> next() {
        KeyValue<Bytes, byte[]> kv = found.next();
        return KeyValue.pair(keyDeserializer.deserialize(name, kv.key.get()), value(kv.value));
      }

      @Override
      public K peekNextKey() {
        return keyDeserializer.deserialize(name, found.peekNextKey().get());
      }

      @Override
      public void close() {
        found.close();
      }
    };
  }

  @Override
  public long approximateNumEntries() {
    return bytes.approximateNumEntries();
  }

  @Override
  public void close() {
    bytes.close();
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return bytes.isOpen();
  }
}
