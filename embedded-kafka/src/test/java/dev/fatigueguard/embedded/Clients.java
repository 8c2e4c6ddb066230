package dev.fatigueguard.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the tests: transactional producer, assign-based consumer. */
final class Clients {

  private Clients() {}

  /** A producer with a unique transactional id, {@code initTransactions()} already called. */
  static KafkaProducer<String, String> transactionalProducer(KafkaEndpoint kafka) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaEndpoint.uniqueName("tx"));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    // fail in seconds, not the default minute, when the broker cannot do transactions
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    KafkaProducer<String, String> producer = new KafkaProducer<>(config);
    producer.initTransactions();
    return producer;
  }

  /** Sends {@code records} (key, value) in one transaction, committed or aborted. */
  static void sendInTransaction(
      KafkaProducer<String, String> producer,
      String topic,
      List<Map.Entry<String, String>> records,
      boolean commit) {
    producer.beginTransaction();
    for (Map.Entry<String, String> record : records) {
      producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()));
    }
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.flush(); // the records reach the log, then the abort marker follows them
      producer.abortTransaction();
    }
  }

  /**
   * Reads the topic from the beginning (all partitions, no consumer group) until at least {@code
   * expected} records arrived or {@code timeout} passed, then once more briefly, so that unexpected
   * extra records show up in the result too.
   */
  static List<ConsumerRecord<String, String>> readFromBeginning(
      KafkaEndpoint kafka,
      String topic,
      int partitions,
      String isolationLevel,
      int expected,
      Duration timeout) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> assignment =
          IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(assignment);
      consumer.seekToBeginning(assignment);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(received::add);
      }
      consumer.poll(Duration.ofMillis(300)).forEach(received::add);
    }
    return received;
  }

  static List<Map.Entry<String, String>> keyValues(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(r -> Map.entry(r.key(), r.value())).toList();
  }
}
