package dev.fatigueguard.serde.registry;

import java.util.List;
import org.apache.kafka.common.errors.RetriableException;

/**
 * No usable answer from any registry URL after every retry: connection refused, timeout, 408, 429
 * or 5xx. Transient and not the record's fault, hence a {@link RetriableException} and never a
 * {@link org.apache.kafka.common.errors.SerializationException}: a topology must fail or retry on
 * it, not send the record to a dead-letter topic.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

  private final List<String> urls;
  private final String request;
  private final int attempts;
  private final int lastHttpStatus;

  /**
   * @param urls the registries tried, without credentials
   * @param lastHttpStatus status of the last answer, or -1 when the last attempt got none
   * @param lastProblem what went wrong last, for the message
   */
  public SchemaRegistryUnavailableException(
      List<String> urls,
      String request,
      String subject,
      Integer schemaId,
      int attempts,
      int lastHttpStatus,
      String lastProblem,
      Throwable cause) {
    super(
        "Schema registry unavailable: "
            + request
            + SchemaRegistryException.describe(subject, schemaId)
            + " failed "
            + attempts
            + (attempts == 1 ? " time" : " times")
            + " across "
            + String.join(", ", urls)
            + "; last: "
            + lastProblem,
        cause);
    this.urls = List.copyOf(urls);
    this.request = request;
    this.attempts = attempts;
    this.lastHttpStatus = lastHttpStatus;
  }

  public List<String> urls() {
    return urls;
  }

  public String request() {
    return request;
  }

  public int attempts() {
    return attempts;
  }

  /** The last HTTP status seen, or -1 if the last attempt got no answer. */
  public int lastHttpStatus() {
    return lastHttpStatus;
  }
}
