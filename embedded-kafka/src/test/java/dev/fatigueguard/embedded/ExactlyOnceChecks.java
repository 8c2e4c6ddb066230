package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;

/** Behaviour every backend must show; run against the embedded broker and the container. */
final class ExactlyOnceChecks {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private ExactlyOnceChecks() {}

  static void committedTransactionIsReadExactly(KafkaEndpoint kafka) {
    String topic = kafka.createUniqueTopic("committed", 1);
    List<Map.Entry<String, String>> sent =
        List.of(
            Map.entry("customer-1", "email"),
            Map.entry("customer-2", "sms"),
            Map.entry("customer-1", "push"));
    try (KafkaProducer<String, String> producer = Clients.transactionalProducer(kafka)) {
      Clients.sendInTransaction(producer, topic, sent, true);
    }

    var received =
        Clients.readFromBeginning(kafka, topic, 1, "read_committed", sent.size(), READ_TIMEOUT);

    assertThat(Clients.keyValues(received)).containsExactlyElementsOf(sent);
  }

  static void abortedTransactionIsInvisibleToReadCommitted(KafkaEndpoint kafka) {
    String topic = kafka.createUniqueTopic("aborted", 1);
    try (KafkaProducer<String, String> producer = Clients.transactionalProducer(kafka)) {
      Clients.sendInTransaction(producer, topic, List.of(Map.entry("k1", "before")), true);
      Clients.sendInTransaction(
          producer,
          topic,
          List.of(Map.entry("k2", "aborted-1"), Map.entry("k3", "aborted-2")),
          false);
      Clients.sendInTransaction(producer, topic, List.of(Map.entry("k4", "after")), true);
    }

    var committed = Clients.readFromBeginning(kafka, topic, 1, "read_committed", 2, READ_TIMEOUT);
    var uncommitted =
        Clients.readFromBeginning(kafka, topic, 1, "read_uncommitted", 4, READ_TIMEOUT);

    assertThat(Clients.keyValues(committed))
        .containsExactly(Map.entry("k1", "before"), Map.entry("k4", "after"));
    // the aborted records were really written: only the isolation level hides them
    assertThat(Clients.keyValues(uncommitted))
        .containsExactly(
            Map.entry("k1", "before"),
            Map.entry("k2", "aborted-1"),
            Map.entry("k3", "aborted-2"),
            Map.entry("k4", "after"));
  }

  static void compactedTopicHasItsConfig(KafkaEndpoint kafka) throws Exception {
    String topic = KafkaEndpoint.uniqueName("prefs");
    kafka.createTopics(
        TopicSpec.compacted(topic, 3).withConfig("min.cleanable.dirty.ratio", "0.01"));

    try (Admin admin = Admin.create(kafka.clientConfig())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);

      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(config.get("min.cleanable.dirty.ratio").value()).isEqualTo("0.01");
      assertThat(description.partitions())
          .hasSize(3)
          .allSatisfy(p -> assertThat(p.leader()).isNotNull());
    }
  }
}
