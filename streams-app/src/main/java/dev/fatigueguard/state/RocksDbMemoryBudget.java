package dev.fatigueguard.state;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One instance's off-heap memory for all its RocksDB stores: a single LRU block cache that holds
 * data blocks, index and filter blocks, and — through the write-buffer manager — the memtables too.
 * Without it every store of every task gets its own cache and memtables, so memory grows with the
 * number of tasks and stores instead of staying within what the pod was given.
 *
 * <p>Kafka Streams creates its config setter by class name, once per store; the setter finds the
 * budget of its instance through a key in the Streams configuration ({@link #CONFIG_KEY}), so
 * several guards in one JVM (tests, the demo) each keep their own budget.
 */
public final class RocksDbMemoryBudget implements AutoCloseable {

  /** The Streams configuration key under which an instance names its budget. */
  public static final String CONFIG_KEY = "fatigue-guard.rocksdb.budget";

  /** Share of the budget the memtables may take before the write-buffer manager forces flushes. */
  static final double MEMTABLE_SHARE = 0.25;

  /** Share of the cache kept for index and filter blocks, so data blocks cannot evict them. */
  static final double HIGH_PRIORITY_SHARE = 0.1;

  private static final Map<String, RocksDbMemoryBudget> BUDGETS = new ConcurrentHashMap<>();

  static {
    RocksDB.loadLibrary();
  }

  private final String id = UUID.randomUUID().toString();
  private final long bytes;
  private final Cache cache;
  private final WriteBufferManager writeBuffers;

  private RocksDbMemoryBudget(long bytes) {
    this.bytes = bytes;
    this.cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
    this.writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
  }

  /**
   * Loads RocksDB's native library (unpacked from its jar into a temporary file, then linked) if it
   * is not loaded yet. Idempotent and thread-safe: {@code run} calls it on a thread of its own
   * while the preflight checks wait on the network, so the stores open without that wait.
   */
  public static void loadNativeLibrary() {
    RocksDB.loadLibrary();
  }

  /** A budget of {@code bytes}, registered until {@link #close()}. */
  public static RocksDbMemoryBudget open(long bytes) {
    RocksDbMemoryBudget budget = new RocksDbMemoryBudget(bytes);
    BUDGETS.put(budget.id, budget);
    return budget;
  }

  /** The budget named in a store's Streams configuration. */
  static RocksDbMemoryBudget of(Map<String, Object> streamsConfig) {
    Object id = streamsConfig.get(CONFIG_KEY);
    RocksDbMemoryBudget budget = id == null ? null : BUDGETS.get(id.toString());
    if (budget == null) {
      throw new IllegalStateException(
          BoundedMemoryRocksDbConfig.class.getName()
              + " needs a RocksDB memory budget opened by the guard ("
              + CONFIG_KEY
              + "="
              + id
              + " is unknown)");
    }
    return budget;
  }

  /** The value of {@link #CONFIG_KEY} that names this budget. */
  public String id() {
    return id;
  }

  public long bytes() {
    return bytes;
  }

  Cache cache() {
    return cache;
  }

  WriteBufferManager writeBuffers() {
    return writeBuffers;
  }

  /** Call after Kafka Streams has closed every store that uses this budget. */
  @Override
  public void close() {
    if (BUDGETS.remove(id) != null) {
      writeBuffers.close();
      cache.close();
    }
  }
}
