package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerRestartTest {

  @Test
  void aRestartedBrokerKeepsItsPortsTopicsAndCommittedTransactions() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      String topic = KafkaEndpoint.uniqueName("restart");
      broker.createTopics(List.of(TopicSpec.of(topic, 2)));
      String before = broker.bootstrapServers();
      try (KafkaProducer<String, String> producer = Clients.transactionalProducer(broker)) {
        Clients.sendInTransaction(producer, topic, List.of(Map.entry("k1", "before")), true);
      }

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      assertThat(broker.toString()).contains("stopped");
      broker.restart();

      assertThat(broker.isRunning()).isTrue();
      assertThat(broker.bootstrapServers()).isEqualTo(before);
      try (KafkaProducer<String, String> producer = Clients.transactionalProducer(broker)) {
        Clients.sendInTransaction(producer, topic, List.of(Map.entry("k2", "after")), true);
      }
      assertThat(
              Clients.keyValues(
                  Clients.readFromBeginning(
                      broker, topic, 2, "read_committed", 2, Duration.ofSeconds(30))))
          .containsExactlyInAnyOrder(Map.entry("k1", "before"), Map.entry("k2", "after"));
    }
  }
}
