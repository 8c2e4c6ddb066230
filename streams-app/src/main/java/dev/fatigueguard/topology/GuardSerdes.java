package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.serde.SpecificAvroSerde;
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
  final SpecificAvroSerde<dev.fatigueguard.avro.ContactPolicy> policy;
  final SpecificAvroSerde<ContactDecision> decision;
  final SpecificAvroSerde<SuppressedMessage> suppressed;
  final SpecificAvroSerde<HeldMessage> held;

  public GuardSerdes(Map<String, ?> serdeConfig) {
    outboundMessage = valueSerde(OutboundMessage.class, serdeConfig);
    preferences = valueSerde(ContactPreferences.class, serdeConfig);
    policy = valueSerde(dev.fatigueguard.avro.ContactPolicy.class, serdeConfig);
    decision = valueSerde(ContactDecision.class, serdeConfig);
    suppressed = valueSerde(SuppressedMessage.class, serdeConfig);
    held = valueSerde(HeldMessage.class, serdeConfig);
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> valueSerde(Class<T> type, Map<String, ?> config) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(config, false);
    return serde;
  }

  public SpecificAvroSerde<OutboundMessage> outboundMessage() {
    return outboundMessage;
  }

  public SpecificAvroSerde<ContactPreferences> preferences() {
    return preferences;
  }

  public SpecificAvroSerde<dev.fatigueguard.avro.ContactPolicy> policy() {
    return policy;
  }

  public SpecificAvroSerde<ContactDecision> decision() {
    return decision;
  }

  public SpecificAvroSerde<SuppressedMessage> suppressed() {
    return suppressed;
  }
}
