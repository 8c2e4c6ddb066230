package dev.fatigueguard.embedded;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A running Kafka cluster as tests and the demo see it: where to connect, and how to create topics.
 * Implemented by {@link EmbeddedKafkaBroker} (in-JVM KRaft broker) and {@link ContainerKafkaBroker}
 * (Testcontainers). Shared instances are closed by whoever started them, not through this
 * interface.
 */
public interface KafkaEndpoint {

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
  String bootstrapServers();

  /**
   * Creates the topics (replication factor 1) and returns once every partition has a leader, so
   * clients can use them at once. Fails if a topic already exists.
   */
  void createTopics(Collection<TopicSpec> topics);

  default void createTopics(TopicSpec... topics) {
    createTopics(Arrays.asList(topics));
  }

  /** Creates one topic with the broker's default config and returns its name. */
  default String createTopic(String name, int partitions) {
    createTopics(TopicSpec.of(name, partitions));
    return name;
  }

  /**
   * Creates a topic named {@code prefix} plus a suffix unique in this JVM run (see {@link
   * #uniqueName(String)}) and returns the name. Use it so tests sharing one broker never see each
   * other's records.
   */
  default String createUniqueTopic(String prefix, int partitions) {
    return createUniqueTopic(prefix, partitions, Map.of());
  }

  /**
   * As {@link #createUniqueTopic(String, int)}, with topic configs such as {@code cleanup.policy}.
   */
  default String createUniqueTopic(String prefix, int partitions, Map<String, String> config) {
    String name = uniqueName(prefix);
    createTopics(new TopicSpec(name, partitions, config));
    return name;
  }

  /** Minimal client config: {@code bootstrap.servers}. Copy it and add your own settings. */
  default Map<String, Object> clientConfig() {
    return Map.of("bootstrap.servers", bootstrapServers());
  }

  /**
   * {@code prefix-<n>-<random>}: unique within the JVM (counter) and across runs against a
   * long-lived broker (random part). Usable as a topic name, group id or transactional id;
   * characters Kafka rejects in topic names are replaced by {@code _}.
   */
  static String uniqueName(String prefix) {
    String clean =
        (prefix == null || prefix.isBlank() ? "t" : prefix).replaceAll("[^a-zA-Z0-9._-]", "_");
    if (clean.length() > 200) {
      clean = clean.substring(0, 200);
    }
    return clean
        + "-"
        + TopicAdmin.nextUniqueId()
        + "-"
        + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
  }
}
