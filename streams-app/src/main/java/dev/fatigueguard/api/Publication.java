package dev.fatigueguard.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A write the API made to one of the guard's topics, answered with {@code 202} and where it landed:
 * the guard applies it moments later, when it reads the record.
 */
final class Publication {

  private Publication() {}

  /**
   * A write the cluster did not acknowledge (broker down, max.block.ms passed) is worth retrying:
   * 503, not 500.
   */
  static RecordMetadata written(Supplier<RecordMetadata> write) {
    try {
      return write.get();
    } catch (IllegalStateException e) {
      throw ApiError.unavailable(e.getMessage());
    }
  }

  /** The answer's body: the id, where the record was written and the document as published. */
  static Map<String, Object> body(
      RecordMetadata written, String idName, String id, Object document) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(idName, id);
    body.put("topic", written.topic());
    body.put("partition", written.partition());
    body.put("offset", written.offset());
    if (document != null) {
      body.put("document", document);
    }
    return body;
  }
}
