package dev.fatigueguard.publish;

import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyValidation;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.ModelMapping;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes policies, preferences and erasure requests to the guard's topics after validating them,
 * and returns once the record is written, so a caller who gets no exception knows it took effect.
 */
public final class RecordPublisher implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final SpecificAvroSerializer<ContactPolicy> policySerializer;
  private final SpecificAvroSerializer<ContactPreferences> preferencesSerializer;
  private final String policiesTopic;
  private final String preferencesTopic;

  public RecordPublisher(GuardConfig config) {
    this.producer =
        new KafkaProducer<>(
            ClientProperties.producer(config.streamsProperties()),
            new StringSerializer(),
            new ByteArraySerializer());
    this.policySerializer = new SpecificAvroSerializer<>();
    this.policySerializer.configure(config.serdeConfig(), false);
    this.preferencesSerializer = new SpecificAvroSerializer<>();
    this.preferencesSerializer.configure(config.serdeConfig(), false);
    this.policiesTopic = config.topic(GuardSetting.TOPIC_POLICIES);
    this.preferencesTopic = config.topic(GuardSetting.TOPIC_PREFERENCES);
  }

  public RecordMetadata publish(Policy policy) {
    PolicyValidation.requireValid(policy);
    var avro = ModelMapping.toAvro(policy);
    avro.setUpdatedAt(Instant.now());
    return send(policiesTopic, policy.tenant(), policySerializer.serialize(policiesTopic, avro));
  }

  public RecordMetadata publish(CustomerPreferences preferences) {
    PolicyValidation.requireValid(preferences);
    var avro = ModelMapping.toAvro(preferences);
    avro.setUpdatedAt(Instant.now());
    return send(
        preferencesTopic,
        preferences.customerId(),
        preferencesSerializer.serialize(preferencesTopic, avro));
  }

  /** Writes the tombstone that erases the customer from every store of the guard. */
  public RecordMetadata erase(String customerId) {
    return send(preferencesTopic, customerId, null);
  }

  private RecordMetadata send(String topic, String key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot write to " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
