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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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
    return send(preferencesTopic, preferences.customerId(), preferencesValue(preferences));
  }

  /** Validated, stamped with the time and serialized for the preferences topic. */
  private byte[] preferencesValue(CustomerPreferences preferences) {
    PolicyValidation.requireValid(preferences);
    var avro = ModelMapping.toAvro(preferences);
    avro.setUpdatedAt(Instant.now());
    return preferencesSerializer.serialize(preferencesTopic, avro);
  }

  /**
   * Publishes many customers' preferences (a file of them), all sent before any is waited for, so a
   * large file costs the producer's batches rather than one broker round trip per customer. Every
   * document is validated before anything is sent.
   *
   * @return where each was written, in the order given
   * @throws IllegalStateException naming how many were written before the first that failed (those
   *     after it may have been written too)
   */
  public List<RecordMetadata> publishAll(List<CustomerPreferences> all) {
    List<byte[]> values = new ArrayList<>(all.size());
    for (CustomerPreferences preferences : all) {
      values.add(preferencesValue(preferences));
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      sent.add(
          producer.send(
              new ProducerRecord<>(preferencesTopic, all.get(i).customerId(), values.get(i))));
    }
    List<RecordMetadata> written = new ArrayList<>(all.size());
    for (int i = 0; i < sent.size(); i++) {
      try {
        written.add(sent.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing to " + preferencesTopic, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "cannot write the preferences of '"
                + all.get(i).customerId()
                + "' to "
                + preferencesTopic
                + " ("
                + i
                + " of "
                + all.size()
                + " written before it; later ones may have been written too): "
                + e.getCause().getMessage(),
            e.getCause());
      }
    }
    return written;
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
