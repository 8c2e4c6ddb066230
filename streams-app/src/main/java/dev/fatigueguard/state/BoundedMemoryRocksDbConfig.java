package dev.fatigueguard.state;

import dev.fatigueguard.topology.StoreNames;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.Options;

/**
 * Puts every RocksDB store of the guard on its instance's {@link RocksDbMemoryBudget}, and tunes
 * the stores that are only ever read by exact key for point lookups.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

  /**
   * Stores read and written by exact key only, never by range, prefix or full scan (the held
   * messages and the release schedule are prefix- and range-scanned, the policy table is iterated).
   * Preferences are looked up for every message but exist for few customers, so most lookups miss:
   * the bloom filters, in the memtable as in the files, answer those without reading a block.
   */
  static final Set<String> POINT_LOOKUP_ONLY = Set.of(StoreNames.PREFERENCES, StoreNames.LEDGER);

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    RocksDbMemoryBudget budget = RocksDbMemoryBudget.of(configs);
    // Kafka Streams' own table config already carries a bloom filter; keep it and change the rest.
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(budget.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    if (POINT_LOOKUP_ONLY.contains(storeName)) {
      table.setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
      table.setDataBlockHashTableUtilRatio(0.75);
      table.setWholeKeyFiltering(true);
      options.setMemtablePrefixBloomSizeRatio(0.05);
      options.setMemtableWholeKeyFiltering(true);
    }
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(budget.writeBuffers());
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write-buffer manager are shared by every store; the budget closes them.
  }
}
