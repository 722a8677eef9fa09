package io.digitstream.inference.metrics;

import io.digitstream.inference.role.DeploymentRoles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a live-metrics process whose RocksDB memory budget is unusable, with the key named. Kafka Streams
 * would only read it when a stream thread opens its first store, where the failure would kill the thread instead.
 */
@ApplicationScoped
class RocksDbBudgetCheck {

    void check(@Observes StartupEvent start, DeploymentRoles roles,
            @ConfigProperty(name = "digitstream.rocksdb.memory-bytes") String memoryBytes,
            @ConfigProperty(name = "digitstream.rocksdb.write-buffer-share") String writeBufferShare) {
        if (roles.liveMetrics()) {
            BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.MEMORY_BYTES, memoryBytes,
                    BoundedRocksDbMemory.WRITE_BUFFER_SHARE, writeBufferShare));
        }
    }
}
