package dev.fatigueguard.serde.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * An in-memory registry per {@code mock://scope}, as Confluent's serde offers: every serde
 * configured with {@code schema.registry.url=mock://demo} in this JVM shares one registry.
 *
 * <p>Behaves like the real registry where a serde can tell: ids are 1, 2, 3... in order of first
 * registration; a schema is identified by its JSON text (so docs count, as in the real registry);
 * registering a known schema again under the same subject returns its id and adds no version; the
 * same schema under another subject gets the same id and a version of its own; lookups of unknown
 * subjects, ids or schemas fail with the HTTP status and error_code the real registry uses. No
 * compatibility checks, like Confluent's mock.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

  public static final String SCHEME = "mock://";

  private static final ConcurrentMap<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String url;
  private final Map<String, List<RegisteredSchema>> versionsBySubject = new LinkedHashMap<>();
  private final Map<String, Integer> idsBySchemaText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();

  private MockSchemaRegistry(String scope) {
    this.url = SCHEME + scope;
  }

  /** The registry of a scope, created empty on first use. */
  public static MockSchemaRegistry getClientForScope(String scope) {
    Objects.requireNonNull(scope, "scope");
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /**
   * Forgets a scope, so its next use starts empty with id 1. Serdes configured before keep the old
   * registry, as with Confluent's {@code MockSchemaRegistry.dropScope}.
   */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  /** The scope if the URLs name a mock registry, null if they are real ones. */
  static String scopeOf(List<String> urls) {
    boolean anyMock = urls.stream().anyMatch(u -> u.startsWith(SCHEME));
    if (!anyMock) {
      return null;
    }
    if (urls.size() != 1) {
      throw new ConfigException(
          SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL,
          String.join(",", urls),
          "a mock:// URL must be the only one");
    }
    return urls.get(0).substring(SCHEME.length());
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String text = schema.toString();
    List<RegisteredSchema> versions =
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema version : versions) {
      if (version.schema().toString().equals(text)) {
        return version.id();
      }
    }
    int id = idsBySchemaText.computeIfAbsent(text, t -> idsBySchemaText.size() + 1);
    schemasById.putIfAbsent(id, schema);
    versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
    return id;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    String request = "POST /subjects/" + subject;
    String text = schema.toString();
    for (RegisteredSchema version : versions(request, subject)) {
      if (version.schema().toString().equals(text)) {
        return version.id();
      }
    }
    throw new SchemaRegistryException(
        url,
        request,
        subject,
        null,
        404,
        SchemaRegistryException.SCHEMA_NOT_FOUND,
        "Schema not found");
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          url,
          "GET /schemas/ids/" + id,
          null,
          id,
          404,
          SchemaRegistryException.SCHEMA_NOT_FOUND,
          "Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema getLatestVersion(String subject) {
    List<RegisteredSchema> versions =
        versions("GET /subjects/" + subject + "/versions/latest", subject);
    return versions.get(versions.size() - 1);
  }

  /** Always true: like Confluent's mock, this registry does not check compatibility. */
  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return true;
  }

  /** Subjects in order of first registration, for tests that check which subjects a serde used. */
  public synchronized List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  /** Every version of a subject, oldest first; empty if the subject is unknown. */
  public synchronized List<RegisteredSchema> allVersions(String subject) {
    return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
  }

  private List<RegisteredSchema> versions(String request, String subject) {
    List<RegisteredSchema> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(
          url,
          request,
          subject,
          null,
          404,
          SchemaRegistryException.SUBJECT_NOT_FOUND,
          "Subject '" + subject + "' not found.");
    }
    return versions;
  }

  @Override
  public String toString() {
    return url;
  }
}
