package io.digitstream.inference.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of the live-metrics state stores: every RocksDB store of the process shares one LRU block
 * cache, index and filter blocks included, and their memtables are charged to the same cache through one write-buffer
 * manager. The stores then use about {@code digitstream.rocksdb.memory-bytes} together, however many stores and
 * partitions the process holds, instead of RocksDB's defaults per store (a 50 MB block cache and up to 3 x 16 MB
 * memtables each). This is Kafka Streams' documented pattern for bounded RocksDB memory.
 *
 * <p>Configured through Kafka Streams' properties: {@code kafka-streams.rocksdb.config.setter}, and the two keys below,
 * which application.properties passes on from the service's own {@code digitstream.rocksdb.*}.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Total bytes of block cache and memtables for all stores of the process. */
    public static final String MEMORY_BYTES = "digitstream.rocksdb.memory-bytes";
    /** The part of {@link #MEMORY_BYTES} that memtables may take, in (0, 1). */
    public static final String WRITE_BUFFER_SHARE = "digitstream.rocksdb.write-buffer-share";

    /** One cache and write-buffer manager per configured budget, shared by every store that asks with it. */
    private static final Map<Budget, Shared> SHARED = new ConcurrentHashMap<>();

    private record Budget(long memoryBytes, double writeBufferShare) {
    }

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(budget(configs), budget -> {
            // Index and filter blocks get the high-priority part of the cache, so data blocks cannot evict them.
            Cache cache = new LRUCache(budget.memoryBytes(), -1, false, 0.1);
            return new Shared(cache, new WriteBufferManager((long) (budget.memoryBytes() * budget.writeBufferShare()),
                    cache));
        });
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store of the process: closing one store must
        // not free them.
    }

    static Budget budget(Map<String, Object> configs) {
        long memoryBytes = number(configs, MEMORY_BYTES);
        double share;
        try {
            share = Double.parseDouble(String.valueOf(configs.getOrDefault(WRITE_BUFFER_SHARE, "0.5")).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WRITE_BUFFER_SHARE + " must be a number between 0 and 1 but was '"
                    + configs.get(WRITE_BUFFER_SHARE) + "'", e);
        }
        if (memoryBytes < 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_BYTES + " must be at least 1 MiB (1048576) but was " + memoryBytes);
        }
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException(WRITE_BUFFER_SHARE + " must be between 0 and 1 (exclusive) but was "
                    + configs.get(WRITE_BUFFER_SHARE));
        }
        return new Budget(memoryBytes, share);
    }

    private static long number(Map<String, Object> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is not set: the RocksDB memory budget of the live metrics");
        }
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of bytes but was '" + value + "'", e);
        }
    }
}
