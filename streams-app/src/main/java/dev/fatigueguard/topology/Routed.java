package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import org.apache.kafka.common.header.Headers;

/**
 * What the guard's processors hand downstream. Processors decide; a router after them ({@link
 * OutcomeRouter}) sends each kind to its topic, so no processor knows topic names or serdes.
 */
public sealed interface Routed {

  /**
   * A readable input message together with its bytes exactly as the sender wrote them. {@code
   * keyedByCustomer} is false when the sender keyed it by something else, so it must be
   * repartitioned by customerId before the guard sees it.
   */
  record Inbound(OutboundMessage message, byte[] wireValue, boolean keyedByCustomer)
      implements Routed {}

  /**
   * Goes to the approved topic (and the per-channel topic); the original bytes are forwarded
   * untouched.
   */
  record Approved(String customerId, String channel, byte[] wireValue) implements Routed {}

  record Suppressed(String customerId, SuppressedMessage value) implements Routed {}

  record Decided(String customerId, ContactDecision value) implements Routed {}

  /**
   * Input that could not be used, as received, with headers that say why and where it came from.
   */
  record DeadLetter(byte[] key, byte[] value, Headers headers) implements Routed {}
}
