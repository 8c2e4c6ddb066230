package dev.fatigueguard.demo;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * After the traffic stops: waits until the guard has decided every input record and the tally has
 * read those decisions, so the final report covers everything that was sent.
 *
 * <p>Under exactly-once the guard commits its input offsets in the same transaction as the
 * decisions, so once its consumer group has passed the end of the input, the committed end of the
 * decision log covers them.
 */
final class DecisionCatchUp {

  private static final Duration INPUT_POLL = Duration.ofMillis(200);
  private static final Duration TALLY_POLL = Duration.ofMillis(100);

  private final GuardConfig config;
  private final GracefulStop stop;

  DecisionCatchUp(GuardConfig config, GracefulStop stop) {
    this.config = config;
    this.stop = stop;
  }

  /** True once caught up; false on timeout or if a stop was requested first. */
  boolean await(DecisionTally tally, Duration timeout)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      Map<TopicPartition, Long> inputEnds =
          committedEnds(admin, List.of(config.topic(GuardSetting.TOPIC_INPUT)));
      while (!consumedUpTo(admin, inputEnds)) {
        if (System.nanoTime() > deadline || stop.awaitRequest(INPUT_POLL)) {
          return false;
        }
      }
      Map<TopicPartition, Long> outputEnds = committedEnds(admin, tally.topics());
      while (!tally.hasCounted(outputEnds)) {
        if (System.nanoTime() > deadline || stop.awaitRequest(TALLY_POLL)) {
          return false;
        }
      }
      return true;
    }
  }

  private boolean consumedUpTo(Admin admin, Map<TopicPartition, Long> ends)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> consumed =
        admin
            .listConsumerGroupOffsets(config.applicationId())
            .partitionsToOffsetAndMetadata()
            .get();
    return ends.entrySet().stream()
        .allMatch(
            e -> {
              OffsetAndMetadata c = consumed.get(e.getKey());
              return c != null && c.offset() >= e.getValue();
            });
  }

  /** The last stable offsets: what a read_committed reader can reach now. */
  private static Map<TopicPartition, Long> committedEnds(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get()
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }
}
