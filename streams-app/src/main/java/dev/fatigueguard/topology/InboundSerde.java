package dev.fatigueguard.topology;

import dev.fatigueguard.avro.OutboundMessage;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Carries an input message through the by-customer repartition topic as the sender's original
 * bytes, so what the gateways finally receive is byte-for-byte what was sent.
 */
final class InboundSerde implements Serde<Routed> {

  private final Deserializer<OutboundMessage> messages;
  private final String inputTopic;

  InboundSerde(Deserializer<OutboundMessage> messages, String inputTopic) {
    this.messages = messages;
    this.inputTopic = inputTopic;
  }

  @Override
  public Serializer<Routed> serializer() {
    return (topic, routed) -> routed == null ? null : ((Routed.Inbound) routed).wireValue();
  }

  @Override
  public Deserializer<Routed> deserializer() {
    return (topic, bytes) ->
        bytes == null
            ? null
            : new Routed.Inbound(messages.deserialize(inputTopic, bytes), bytes, true);
  }
}
