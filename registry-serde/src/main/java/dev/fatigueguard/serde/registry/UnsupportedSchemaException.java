package dev.fatigueguard.serde.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The registry returned a schema this client cannot use: not Avro (PROTOBUF, JSON), with schema
 * references (a named type defined in another subject), or not parseable.
 */
public class UnsupportedSchemaException extends KafkaException {

  private final Integer schemaId;

  public UnsupportedSchemaException(
      String url, String subject, Integer schemaId, String problem, Throwable cause) {
    super(
        "Schema registry "
            + url
            + " returned an unusable schema"
            + SchemaRegistryException.describe(subject, schemaId)
            + ": "
            + problem,
        cause);
    this.schemaId = schemaId;
  }

  /** The id of the offending schema, or null if it was looked up by subject. */
  public Integer schemaId() {
    return schemaId;
  }
}
