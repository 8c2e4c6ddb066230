package dev.fatigueguard.serde.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The registry answered, and the answer is an error (a 4xx, or an unusable 2xx): an incompatible
 * schema, an unknown subject, bad credentials, a URL that is not a registry. Retrying will not
 * help; neither is the record at fault, so this is deliberately not a {@link
 * org.apache.kafka.common.errors.SerializationException}: it must not be routed to a dead-letter
 * topic as if the data were corrupt.
 */
public class SchemaRegistryException extends KafkaException {

  /** Confluent's error_code for "subject not found". */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /**
   * Confluent's error_code for "schema not found" (unknown id, or schema not under the subject).
   */
  public static final int SCHEMA_NOT_FOUND = 40403;

  private final String url;
  private final String request;
  private final String subject;
  private final Integer schemaId;
  private final int httpStatus;
  private final int errorCode;
  private final String registryMessage;

  /**
   * @param url the registry that answered, without credentials
   * @param request method and path, e.g. {@code GET /schemas/ids/7}
   * @param subject the subject concerned, or null
   * @param schemaId the schema id concerned, or null
   * @param errorCode the registry's error_code, or -1 when the body had none
   * @param registryMessage the registry's message, or the start of the body
   */
  public SchemaRegistryException(
      String url,
      String request,
      String subject,
      Integer schemaId,
      int httpStatus,
      int errorCode,
      String registryMessage) {
    super(
        "Schema registry "
            + url
            + " answered "
            + request
            + describe(subject, schemaId)
            + " with HTTP "
            + httpStatus
            + (errorCode >= 0 ? ", error_code " + errorCode : ", no error_code")
            + ": "
            + registryMessage);
    this.url = url;
    this.request = request;
    this.subject = subject;
    this.schemaId = schemaId;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }

  static String describe(String subject, Integer schemaId) {
    if (subject != null && schemaId != null) {
      return " (subject " + subject + ", schema id " + schemaId + ")";
    }
    if (subject != null) {
      return " (subject " + subject + ")";
    }
    return schemaId != null ? " (schema id " + schemaId + ")" : "";
  }

  public String url() {
    return url;
  }

  public String request() {
    return request;
  }

  /** The subject concerned, or null. */
  public String subject() {
    return subject;
  }

  /** The schema id concerned, or null. */
  public Integer schemaId() {
    return schemaId;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's error_code (40401, 40403, 409, 42201, ...), or -1. */
  public int errorCode() {
    return errorCode;
  }

  public String registryMessage() {
    return registryMessage;
  }
}
