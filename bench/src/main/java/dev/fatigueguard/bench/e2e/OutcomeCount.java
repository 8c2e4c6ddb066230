package dev.fatigueguard.bench.e2e;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a guard run's decision log (read_committed) and counts decision/reason, to report the real
 * outcome mix. It reads on for a while after the expected count, so that a decision written twice
 * shows as a total above the messages sent instead of ending the count early.
 */
public final class OutcomeCount {

  private OutcomeCount() {}

  public static Map<String, Long> of(
      String bootstrap, String decisionsTopic, Map<String, ?> serdeConfig, long expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "outcomes-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    SpecificAvroDeserializer<ContactDecision> reader =
        new SpecificAvroDeserializer<>(ContactDecision.class);
    reader.configure(serdeConfig, false);
    Map<String, Long> counts = new TreeMap<>();
    long seen = 0;
    long idleSince = System.currentTimeMillis();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(decisionsTopic));
      while (System.currentTimeMillis() - idleSince < (seen < expected ? 20_000 : 3_000)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          ContactDecision d = reader.deserialize(r.topic(), r.value());
          counts.merge(
              d.getDecision() + (d.getReason() == null ? "" : "/" + d.getReason()), 1L, Long::sum);
          seen++;
          idleSince = System.currentTimeMillis();
        }
      }
    }
    return counts;
  }
}
