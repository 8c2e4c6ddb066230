package dev.fatigueguard.topology;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * How the guard's per-customer stores are materialised. Production keeps state in RocksDB with
 * changelogs, so it survives restarts and rebalances. A what-if replay ({@code fatigue-guard
 * simulate}) runs the same processors over the same store names, but its state lives only as long
 * as the replay: RocksDB, changelogs and caches would only slow it down.
 */
enum StoreFlavor {
  /** RocksDB, logged, cached where it pays: the only choice for a running guard. */
  PERSISTENT,
  /** In-memory, not logged, not cached: for replays whose state is thrown away at the end. */
  IN_MEMORY;

  /** A store also read by range or prefix (held messages, the release schedule). */
  KeyValueBytesStoreSupplier scanned(String name) {
    return this == PERSISTENT
        ? Stores.persistentKeyValueStore(name)
        : new HashKeyValueStore.Supplier(name, true);
  }

  /**
   * A store only read and written by exact key (preferences, ledgers): a hash map is enough in
   * memory.
   */
  KeyValueBytesStoreSupplier byKeyOnly(String name) {
    return this == PERSISTENT
        ? Stores.persistentKeyValueStore(name)
        : new HashKeyValueStore.Supplier(name, false);
  }

  /**
   * Production stores keep their changelog and take Kafka Streams' record cache where it pays
   * ({@code cached}); replay stores need neither.
   */
  <S extends org.apache.kafka.streams.processor.StateStore> StoreBuilder<S> configure(
      StoreBuilder<S> builder, boolean cached) {
    if (this != PERSISTENT) {
      return builder.withCachingDisabled().withLoggingDisabled();
    }
    return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
  }
}
