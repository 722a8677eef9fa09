package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/** Real RocksDB options objects (the native library Kafka Streams ships), as Kafka Streams hands them to the setter. */
class BoundedRocksDbMemoryTest {

    private final BoundedRocksDbMemory setter = new BoundedRocksDbMemory();

    @Test
    void everyStoreSharesOneWriteBufferManagerAndCachesIndexAndFilterBlocks() {
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.MEMORY_BYTES, "33554432",
                BoundedRocksDbMemory.WRITE_BUFFER_SHARE, "0.25");
        try (Options joins = options(); Options totals = options(); Options otherBudget = options()) {
            setter.setConfig("image-join", joins, configs);
            setter.setConfig("cumulative", totals, configs);
            setter.setConfig("elsewhere", otherBudget, Map.of(BoundedRocksDbMemory.MEMORY_BYTES, "16777216"));

            assertNotNull(joins.writeBufferManager());
            assertSame(joins.writeBufferManager(), totals.writeBufferManager(), "one budget for every store");
            assertNotSame(joins.writeBufferManager(), otherBudget.writeBufferManager(), "another budget, another pool");
            assertTrue(((BlockBasedTableConfig) joins.tableFormatConfig()).cacheIndexAndFilterBlocks());
            assertTrue(((BlockBasedTableConfig) totals.tableFormatConfig()).pinTopLevelIndexAndFilter());
            setter.close("image-join", joins);
            setter.close("cumulative", totals);
        }
    }

    @Test
    void aMissingTinyOrMalformedBudgetIsRefusedNamingTheKey() {
        for (Map<String, Object> configs : new Map[] {Map.of(),
                Map.of(BoundedRocksDbMemory.MEMORY_BYTES, "1000"),
                Map.of(BoundedRocksDbMemory.MEMORY_BYTES, "-67108864"),
                Map.of(BoundedRocksDbMemory.MEMORY_BYTES, "64MiB"),
                Map.of(BoundedRocksDbMemory.MEMORY_BYTES, "99999999999999999999")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BoundedRocksDbMemory.budget(configs), configs::toString);
            assertTrue(e.getMessage().contains(BoundedRocksDbMemory.MEMORY_BYTES), e.getMessage());
        }
        for (String share : new String[] {"0", "1", "1.5", "-0.2", "NaN", "half", ""}) {
            Map<String, Object> configs = new HashMap<>(Map.of(BoundedRocksDbMemory.MEMORY_BYTES, "67108864"));
            configs.put(BoundedRocksDbMemory.WRITE_BUFFER_SHARE, share);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BoundedRocksDbMemory.budget(configs), share);
            assertTrue(e.getMessage().contains(BoundedRocksDbMemory.WRITE_BUFFER_SHARE), e.getMessage());
        }
    }

    private static Options options() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }
}
