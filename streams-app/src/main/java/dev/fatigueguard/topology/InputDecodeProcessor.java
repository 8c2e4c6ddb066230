package dev.fatigueguard.topology;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.GuardSetting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads input bytes into messages. The source uses byte-array serdes on purpose: a record that
 * cannot be read must reach the DLQ with the reason, not stop the task in a deserialization
 * handler. Readable but unusable messages also get a DROPPED/INVALID decision when they name a
 * customer and message, so the sender sees the rejection in the audit log.
 */
final class InputDecodeProcessor implements Processor<byte[], byte[], String, Routed> {

  static final String STAGE = "decode-input";

  private final Deserializer<OutboundMessage> deserializer;
  private final String inputTopic;
  private final Duration maxClockSkew;
  private final boolean requireCustomerKey;
  private ProcessorContext<String, Routed> context;

  /**
   * @param requireCustomerKey refuse records not keyed by their customerId (no repartition topic to
   *     bring them to their customer's partition)
   */
  InputDecodeProcessor(
      Deserializer<OutboundMessage> deserializer,
      String inputTopic,
      Duration maxClockSkew,
      boolean requireCustomerKey) {
    this.deserializer = deserializer;
    this.inputTopic = inputTopic;
    this.maxClockSkew = maxClockSkew;
    this.requireCustomerKey = requireCustomerKey;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      deadLetter(record, "null value: a tombstone on the input topic carries no message", null);
      return;
    }
    OutboundMessage message;
    try {
      message = deserializer.deserialize(inputTopic, record.headers(), record.value());
    } catch (SerializationException e) {
      deadLetter(record, "cannot read OutboundMessage: " + e.getMessage(), e);
      return;
    }
    String problem =
        InputValidation.problemWith(
            message, record.timestamp(), context.currentSystemTimeMs(), maxClockSkew);
    boolean keyedByCustomer = problem == null && isKeyedByCustomer(record, message);
    if (problem == null && requireCustomerKey && !keyedByCustomer) {
      // In the wrong partition it would meet another task's ledger of the customer, or none.
      problem =
          "the record key is not the message's customerId, and "
              + GuardSetting.INPUT_KEYED_BY_CUSTOMER.key()
              + "=true: key every record by its customerId, or set it to false";
    }
    if (problem != null) {
      deadLetter(record, "invalid OutboundMessage: " + problem, null);
      if (message.getCustomerId() != null
          && !message.getCustomerId().isBlank()
          && message.getMessageId() != null
          && !message.getMessageId().isBlank()) {
        context.forward(
            record
                .withKey(message.getCustomerId())
                .withValue(DecisionEvents.invalid(message, problem, record.timestamp())));
      }
      return;
    }
    context.forward(
        record
            .withKey(message.getCustomerId())
            .withValue(new Routed.Inbound(message, record.value(), keyedByCustomer)));
  }

  private static boolean isKeyedByCustomer(Record<byte[], byte[]> record, OutboundMessage message) {
    byte[] customerKey = message.getCustomerId().getBytes(StandardCharsets.UTF_8);
    return record.key() != null && Arrays.equals(record.key(), customerKey);
  }

  private void deadLetter(Record<byte[], byte[]> record, String reason, Throwable cause) {
    DeadLetters.forward(context, record, record.key(), record.value(), STAGE, reason, cause);
  }
}
