package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.PolicyValidation;
import dev.fatigueguard.policy.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Applies customer preferences. A valid record replaces the customer's preferences; an invalid one
 * goes to the DLQ and the last valid one stays in force. A tombstone erases the customer from every
 * store; their held messages are dropped as ERASED, reported without payload.
 *
 * <p>It shares the guard's stores, so the preferences topic must have as many partitions as the
 * input (the {@code run} command checks this at start).
 */
final class PreferencesProcessor implements Processor<String, byte[], String, Routed> {

  static final String STAGE = "apply-preferences";

  private final Deserializer<ContactPreferences> preferencesDeserializer;
  private final Deserializer<OutboundMessage> messageDeserializer;
  private final String preferencesTopic;
  private final String inputTopic;
  private final TaskCustomerStores taskStores;
  private ProcessorContext<String, Routed> context;
  private CustomerStores stores;

  PreferencesProcessor(
      Deserializer<ContactPreferences> preferencesDeserializer,
      Deserializer<OutboundMessage> messageDeserializer,
      String preferencesTopic,
      String inputTopic,
      TaskCustomerStores taskStores) {
    this.preferencesDeserializer = preferencesDeserializer;
    this.messageDeserializer = messageDeserializer;
    this.preferencesTopic = preferencesTopic;
    this.inputTopic = inputTopic;
    this.taskStores = taskStores;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.stores = taskStores.open(context);
  }

  @Override
  public void close() {
    taskStores.close(context, stores);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String customerId = record.key();
    if (customerId == null || customerId.isBlank()) {
      deadLetter(record, "preferences record has no key: the key must be the customerId");
      return;
    }
    if (record.value() == null) {
      erase(customerId, record.timestamp());
      return;
    }
    ContactPreferences prefs;
    try {
      prefs =
          preferencesDeserializer.deserialize(preferencesTopic, record.headers(), record.value());
    } catch (SerializationException e) {
      deadLetter(record, "cannot read ContactPreferences: " + e.getMessage());
      return;
    }
    if (!customerId.equals(prefs.getCustomerId())) {
      deadLetter(
          record,
          "key '" + customerId + "' does not match customerId '" + prefs.getCustomerId() + "'");
      return;
    }
    try {
      List<Violation> problems = PolicyValidation.validate(ModelMapping.preferences(prefs));
      if (!problems.isEmpty()) {
        throw new InvalidPolicyException("preferences of customer '" + customerId + "'", problems);
      }
    } catch (InvalidPolicyException e) {
      deadLetter(record, e.getMessage() + " (the last valid preferences stay in force)");
      return;
    }
    stores.putPreferences(customerId, prefs);
    // Held messages were scheduled under the old preferences; a lifted snooze or a looser personal
    // cap
    // should let them go now rather than at the old release time.
    long now = record.timestamp();
    for (HeldMessage h : stores.heldFor(customerId)) {
      if (h.getReleaseAt().toEpochMilli() > now) {
        stores.reschedule(h, now);
      }
    }
  }

  private void erase(String customerId, long now) {
    for (HeldMessage h : stores.erase(customerId)) {
      OutboundMessage m = messageDeserializer.deserialize(inputTopic, CustomerStores.wireValue(h));
      // Erasure must not copy the content it is erasing into another topic.
      m.setPayload(null);
      m.setPayloadRef(null);
      m.setAttributes(Map.of());
      ContactDecision d =
          DecisionEvents.dropped(
              m,
              DropReason.ERASED,
              "customer erased (tombstone on " + preferencesTopic + ")",
              now,
              h.getHeldSince().toEpochMilli());
      context.forward(new Record<>(customerId, new Routed.Decided(customerId, d), now));
      context.forward(new Record<>(customerId, DecisionEvents.suppressed(m, d), now));
    }
  }

  private void deadLetter(Record<String, byte[]> record, String reason) {
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    DeadLetters.forward(context, record, key, record.value(), STAGE, reason, null);
  }
}
