package dev.fatigueguard.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * One of the guard's key-value stores, described once for every way of running the guard: the name
 * the processors look it up by (it also names the changelog topic, so it is part of the deployed
 * contract), the serdes between the processors' types and the stored bytes, and how it is read. A
 * running guard keeps it in RocksDB ({@link #durable()}); a replay keeps the same name and serdes
 * over a map in memory.
 *
 * @param scanned also read by range or prefix (held messages, the release schedule), not only by
 *     exact key
 * @param cached whether a running guard puts Kafka Streams' record cache in front of it
 */
public record GuardStore<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, boolean scanned, boolean cached) {

  /** RocksDB with a changelog, and the record cache where it pays: what a running guard keeps. */
  public StoreBuilder<KeyValueStore<K, V>> durable() {
    StoreBuilder<KeyValueStore<K, V>> builder =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keySerde, valueSerde);
    return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
  }
}
