package dev.fatigueguard.config;

import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Picks the settings a plain client (admin, producer, consumer) understands out of the guard's
 * configuration, so security and connection settings written once for Streams apply to every client
 * the guard makes.
 */
public final class ClientProperties {

  private ClientProperties() {}

  public static Properties admin(Properties all) {
    return only(all, AdminClientConfig.configNames());
  }

  public static Properties consumer(Properties all) {
    return only(all, ConsumerConfig.configNames());
  }

  public static Properties producer(Properties all) {
    Properties p = only(all, ProducerConfig.configNames());
    // Kafka Streams' own transactional settings must not leak into a side producer.
    p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return p;
  }

  private static Properties only(Properties all, Set<String> names) {
    Properties p = new Properties();
    all.forEach(
        (k, v) -> {
          if (names.contains(k.toString())) {
            p.put(k, v);
          }
        });
    return p;
  }
}
