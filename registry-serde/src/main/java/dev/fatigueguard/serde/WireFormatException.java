package dev.fatigueguard.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The record's bytes cannot be read: not Confluent wire format, an id the registry does not know,
 * or an Avro body that does not decode with its writer schema. The fault is in the record and will
 * not go away by retrying, so a topology may route the record to a dead-letter topic with {@link
 * #getMessage()} as the reason. Registry outages are a different type ({@link
 * dev.fatigueguard.serde.registry.SchemaRegistryUnavailableException}) and must not be.
 */
public class WireFormatException extends SerializationException {

  /** What is wrong, for metrics and dead-letter headers; the message has the details. */
  public enum Reason {
    /** Fewer than the 5 header bytes (magic byte + schema id). */
    TOO_SHORT,
    /** Byte 0 is not 0x00. */
    UNKNOWN_MAGIC_BYTE,
    /** The registry has no schema with the id in bytes 1-4 (or the id is negative). */
    UNKNOWN_SCHEMA_ID,
    /**
     * The id names a schema that is not a self-contained Avro schema (Protobuf, JSON Schema,
     * references).
     */
    UNSUPPORTED_SCHEMA,
    /** The writer schema cannot be read as the reader's class, or no class exists for it. */
    INCOMPATIBLE_SCHEMA,
    /** The body ends before the record is complete. */
    TRUNCATED_BODY,
    /**
     * The body does not decode with its writer schema (bad varint, length, union or enum index,
     * boolean).
     */
    MALFORMED_BODY,
    /** Bytes are left after a complete record. */
    TRAILING_BYTES
  }

  private final Reason reason;

  public WireFormatException(Reason reason, String message) {
    this(reason, message, null);
  }

  public WireFormatException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
