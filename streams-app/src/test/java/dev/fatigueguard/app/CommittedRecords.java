package dev.fatigueguard.app;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its start up to where it ends at the time of the call, rather than for a fixed
 * while: with a {@code read_committed} consumer that end is the last stable offset, so a
 * transaction left open (by a killed guard) ends the read instead of blocking it.
 */
public final class CommittedRecords {

  private CommittedRecords() {}

  /**
   * @param consumer an unsubscribed consumer; its assignment is replaced
   */
  public static <K, V> void readToEnd(
      KafkaConsumer<K, V> consumer, String topic, Consumer<ConsumerRecord<K, V>> each) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(each);
              return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
  }
}
