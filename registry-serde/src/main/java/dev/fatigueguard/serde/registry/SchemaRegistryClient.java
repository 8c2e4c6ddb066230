package dev.fatigueguard.serde.registry;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API an Avro serde needs.
 *
 * <p>Every method may throw {@link SchemaRegistryException} (the registry answered with an error),
 * {@link SchemaRegistryUnavailableException} (no answer, after retries and fail-over; retriable) or
 * {@link UnsupportedSchemaException} (the answer is not a self-contained Avro schema).
 * Implementations are thread-safe.
 */
public interface SchemaRegistryClient {

  /**
   * {@code POST /subjects/{subject}/versions}: registers the schema (or finds it) and returns its
   * id.
   */
  int register(String subject, Schema schema);

  /** {@code POST /subjects/{subject}}: the id of a schema already registered under the subject. */
  int getId(String subject, Schema schema);

  /** {@code GET /schemas/ids/{id}}. */
  Schema getSchemaById(int id);

  /** {@code GET /subjects/{subject}/versions/latest}. */
  RegisteredSchema getLatestVersion(String subject);

  /**
   * {@code POST /compatibility/subjects/{subject}/versions/latest}: whether the registry would
   * accept the schema as the subject's next version under the subject's compatibility level. A
   * subject with no version yet accepts any schema.
   */
  boolean isCompatible(String subject, Schema schema);

  /**
   * The client that {@code schema.registry.url} names: {@link MockSchemaRegistry} for {@code
   * mock://scope}, {@link RestSchemaRegistryClient} for http(s) URLs.
   */
  static SchemaRegistryClient forConfig(Map<String, ?> configs) {
    SchemaRegistryClientConfig config = new SchemaRegistryClientConfig(configs);
    List<String> urls = config.urls();
    String scope = MockSchemaRegistry.scopeOf(urls);
    return scope != null
        ? MockSchemaRegistry.getClientForScope(scope)
        : new RestSchemaRegistryClient(config);
  }
}
