package io.digitstream.faults.kafka;

import io.digitstream.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What the harness asks the broker directly: the inference consumer group's lag on {@code digits.images} (what an
 * operator watches, and what the autoscalers scale on) and a topic's size limit. Every call is bounded in time, so a
 * broker that is down makes a sample missing, never a stuck harness.
 */
public final class ClusterView implements AutoCloseable {

    /** The inference service's consumer group on digits.images (its application.properties). */
    public static final String SERVICE_GROUP = "inference-service";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private volatile List<TopicPartition> imagePartitions;

    public ClusterView(KafkaConnection kafka) {
        this.admin = Admin.create(kafka.config(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "fault-harness-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis())));
    }

    /** Partitions of the topic. */
    public int partitions(String topic) throws InterruptedException {
        return await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    }

    /** The topic's {@code max.message.bytes}: the largest record batch the broker accepts on it. */
    public int maxMessageBytes(String topic) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(admin.describeConfigs(List.of(resource)).all()).get(resource);
        return Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }

    /**
     * Records of {@code digits.images} the inference group has not committed yet (end offset minus committed offset,
     * summed over partitions; a partition without a commit counts from 0). Empty when the broker does not answer.
     */
    public OptionalLong imagesLag() throws InterruptedException {
        try {
            List<TopicPartition> partitions = imagePartitions();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    await(admin.listConsumerGroupOffsets(SERVICE_GROUP).partitionsToOffsetAndMetadata());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = await(admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()))).all());
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata commit = committed.get(partition);
                lag += Math.max(0, ends.get(partition).offset() - (commit == null ? 0 : commit.offset()));
            }
            return OptionalLong.of(lag);
        } catch (IllegalStateException brokerNotAnswering) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private List<TopicPartition> imagePartitions() throws InterruptedException {
        if (imagePartitions == null) {
            imagePartitions = await(admin.describeTopics(List.of(Topics.IMAGES)).allTopicNames()).get(Topics.IMAGES)
                    .partitions().stream().map(info -> new TopicPartition(Topics.IMAGES, info.partition())).toList();
        }
        return imagePartitions;
    }

    private static <T> T await(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the broker did not answer: " + cause, cause);
        }
    }
}
