package dev.fatigueguard.embedded;

import java.time.Duration;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Docker alternative to {@link EmbeddedKafkaBroker}: Apache Kafka's own image through
 * Testcontainers, with the same single-broker exactly-once settings. Needs a Docker engine and
 * {@code org.testcontainers:testcontainers-kafka} on the classpath (an optional dependency of this
 * module: add it to your test scope to use this backend).
 *
 * <p>The image is {@value #DEFAULT_IMAGE} unless the {@value #IMAGE_PROPERTY} system property names
 * another.
 */
public final class ContainerKafkaBroker implements KafkaEndpoint, AutoCloseable {

  public static final String IMAGE_PROPERTY = "fatigue.kafka.image";
  public static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

  private static final Logger LOG = LoggerFactory.getLogger(ContainerKafkaBroker.class);

  private final KafkaContainer container;
  private final TopicAdmin topicAdmin;

  private ContainerKafkaBroker(KafkaContainer container) {
    this.container = container;
    this.topicAdmin = new TopicAdmin(container::getBootstrapServers);
  }

  /** Starts a container from the configured image; blocks until Kafka accepts clients. */
  public static ContainerKafkaBroker start() {
    String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
    long started = System.nanoTime();
    KafkaContainer container =
        new KafkaContainer(image)
            // the container already sets the offsets/transaction-log replication factors to 1
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withStartupTimeout(Duration.ofMinutes(2));
    try {
      container.start();
    } catch (RuntimeException e) {
      container.close();
      throw e;
    }
    ContainerKafkaBroker broker = new ContainerKafkaBroker(container);
    LOG.info(
        "Kafka container {} at {} started in {} ms",
        image,
        broker.bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
    return broker;
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void createTopics(Collection<TopicSpec> topics) {
    topicAdmin.createTopics(topics);
  }

  @Override
  public void close() {
    topicAdmin.close();
    container.close();
  }

  @Override
  public String toString() {
    return "ContainerKafkaBroker[" + container.getDockerImageName() + "]";
  }
}
