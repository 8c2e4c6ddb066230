package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.serde.DatumWriterFactory;
import dev.fatigueguard.serde.SpecificAvroSerde;
import dev.fatigueguard.serde.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro serdes of every topic and store, configured once from the guard's configuration (which
 * carries Confluent's serde settings: schema.registry.url, auto.register.schemas, ...). Serdes are
 * thread-safe and shared by all stream threads.
 */
public final class GuardSerdes {

  final SpecificAvroSerde<OutboundMessage> outboundMessage;
  final SpecificAvroSerde<ContactPreferences> preferences;
  final SpecificAvroSerde<ContactPolicy> policy;
  final SpecificAvroSerde<ContactDecision> decision;
  final SpecificAvroSerde<SuppressedMessage> suppressed;
  final SpecificAvroSerde<HeldMessage> held;
  final SpecificAvroSerde<FatigueMetric> metric;

  public GuardSerdes(Map<String, ?> serdeConfig) {
    // One registry client (HTTP connections and schema caches) for every serde of the instance.
    SchemaRegistryClient registry = SchemaRegistryClient.forConfig(serdeConfig);
    outboundMessage = valueSerde(registry, OutboundMessage.class, serdeConfig);
    preferences = valueSerde(registry, ContactPreferences.class, serdeConfig);
    policy = valueSerde(registry, ContactPolicy.class, serdeConfig);
    // One of each per judged message or per dropped one: written field by field.
    decision =
        valueSerde(registry, ContactDecision.class, serdeConfig, DecisionEventWriter.FACTORY);
    suppressed =
        valueSerde(registry, SuppressedMessage.class, serdeConfig, DecisionEventWriter.FACTORY);
    held = valueSerde(registry, HeldMessage.class, serdeConfig);
    metric = valueSerde(registry, FatigueMetric.class, serdeConfig);
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> valueSerde(
      SchemaRegistryClient registry, Class<T> type, Map<String, ?> config) {
    return valueSerde(registry, type, config, DatumWriterFactory.SPECIFIC);
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> valueSerde(
      SchemaRegistryClient registry,
      Class<T> type,
      Map<String, ?> config,
      DatumWriterFactory writers) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(registry, type, writers);
    serde.configure(config, false);
    return serde;
  }

  public SpecificAvroSerde<OutboundMessage> outboundMessage() {
    return outboundMessage;
  }

  public SpecificAvroSerde<ContactPreferences> preferences() {
    return preferences;
  }

  public SpecificAvroSerde<ContactPolicy> policy() {
    return policy;
  }

  public SpecificAvroSerde<ContactDecision> decision() {
    return decision;
  }

  public SpecificAvroSerde<SuppressedMessage> suppressed() {
    return suppressed;
  }

  public SpecificAvroSerde<FatigueMetric> metric() {
    return metric;
  }
}
