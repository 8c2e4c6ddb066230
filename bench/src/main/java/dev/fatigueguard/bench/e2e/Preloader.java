package dev.fatigueguard.bench.e2e;

import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.ModelMapping;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the policy, the preferences and the messages before any topology starts, so that every run
 * reads the same bytes and measures processing only. Values go through the project's Avro
 * serializer (Confluent wire format, mock:// registry shared with the topologies in this JVM).
 */
public final class Preloader implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final SpecificAvroSerializer<OutboundMessage> messages = new SpecificAvroSerializer<>();
  private final SpecificAvroSerializer<ContactPolicy> policies = new SpecificAvroSerializer<>();
  private final SpecificAvroSerializer<ContactPreferences> preferences =
      new SpecificAvroSerializer<>();

  public Preloader(String bootstrap, Map<String, ?> serdeConfig) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    messages.configure(serdeConfig, false);
    policies.configure(serdeConfig, false);
    preferences.configure(serdeConfig, false);
  }

  /** The platform policy; the guard's global table reads it before judging its first message. */
  public void policy(String policiesTopic, dev.fatigueguard.policy.Policy policy) {
    var avro = ModelMapping.toAvro(policy);
    avro.setUpdatedAt(Instant.now());
    byte[] wire = policies.serialize(policiesTopic, avro);
    producer.send(new ProducerRecord<>(policiesTopic, policy.tenant(), wire));
    producer.flush();
  }

  /** Preferences carry a timestamp before the first message, so a task reads them first. */
  public void preferences(String topic, List<CustomerPreferences> list, long timestamp) {
    for (CustomerPreferences prefs : list) {
      var avro = ModelMapping.toAvro(prefs);
      avro.setUpdatedAt(Instant.ofEpochMilli(timestamp));
      producer.send(
          new ProducerRecord<>(
              topic, null, timestamp, prefs.customerId(), preferences.serialize(topic, avro)));
    }
    producer.flush();
  }

  /**
   * Sends {@code count} messages made by {@code next} (index → message); returns the bytes written.
   */
  public long messages(String topic, int count, IntFunction<OutboundMessage> next) {
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      OutboundMessage m = next.apply(i);
      byte[] wire = messages.serialize(topic, m);
      bytes += wire.length;
      producer.send(
          new ProducerRecord<>(
              topic, null, m.getCreatedAt().toEpochMilli(), m.getCustomerId(), wire));
    }
    producer.flush();
    return bytes;
  }

  @Override
  public void close() {
    producer.close();
  }
}
