package dev.fatigueguard.topology;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds DLQ records: the input as received plus headers that let on-call find and replay it.
 *
 * <p>Every dead letter carries two sets of headers. The guard's own {@code fatigue-guard.error.*}
 * name the stage and the reason. The standard ones Kafka Streams writes to its own dead-letter
 * records (KIP-1034, {@code __streams.errors.*}) say the same for generic DLQ tooling: the message
 * (the guard's reason), the source topic, partition and offset, and, when an exception caused the
 * refusal, its class name and stack trace. A refusal by validation has no exception, so those two
 * are left out rather than invented.
 */
public final class DeadLetters {
  public static final String REASON = "fatigue-guard.error.reason";
  public static final String EXCEPTION = "fatigue-guard.error.exception";
  public static final String TOPIC = "fatigue-guard.error.topic";
  public static final String PARTITION = "fatigue-guard.error.partition";
  public static final String OFFSET = "fatigue-guard.error.offset";
  public static final String STAGE = "fatigue-guard.error.stage";

  // KIP-1034's names, as Kafka Streams 4.3 writes them (its constants are in an internals package).
  public static final String STANDARD_EXCEPTION = "__streams.errors.exception";
  public static final String STANDARD_STACKTRACE = "__streams.errors.stacktrace";
  public static final String STANDARD_MESSAGE = "__streams.errors.message";
  public static final String STANDARD_TOPIC = "__streams.errors.topic";
  public static final String STANDARD_PARTITION = "__streams.errors.partition";
  public static final String STANDARD_OFFSET = "__streams.errors.offset";

  private DeadLetters() {}

  /** Forwards the record's input, as received, toward the DLQ with headers saying why. */
  static void forward(
      ProcessorContext<String, Routed> context,
      Record<?, ?> record,
      byte[] key,
      byte[] value,
      String stage,
      String reason,
      Throwable cause) {
    Routed.DeadLetter letter = of(context, record.headers(), key, value, stage, reason, cause);
    context.forward(new Record<String, Routed>(null, letter, record.timestamp(), letter.headers()));
  }

  public static Routed.DeadLetter of(
      ProcessorContext<?, ?> context,
      Headers original,
      byte[] key,
      byte[] value,
      String stage,
      String reason,
      Throwable cause) {
    Headers headers =
        new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
    put(headers, REASON, reason);
    put(headers, STAGE, stage);
    put(headers, STANDARD_MESSAGE, reason);
    if (cause != null) {
      put(headers, EXCEPTION, cause.getClass().getName());
      put(headers, STANDARD_EXCEPTION, cause.getClass().getName());
      put(headers, STANDARD_STACKTRACE, stackTrace(cause));
    }
    RecordMetadata meta = context.recordMetadata().orElse(null);
    if (meta != null) {
      put(headers, TOPIC, meta.topic());
      put(headers, PARTITION, Integer.toString(meta.partition()));
      put(headers, OFFSET, Long.toString(meta.offset()));
      put(headers, STANDARD_TOPIC, meta.topic());
      put(headers, STANDARD_PARTITION, Integer.toString(meta.partition()));
      put(headers, STANDARD_OFFSET, Long.toString(meta.offset()));
    }
    return new Routed.DeadLetter(key, value, headers);
  }

  private static String stackTrace(Throwable cause) {
    StringWriter text = new StringWriter();
    cause.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  public static String header(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
