package dev.fatigueguard.serde.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent Schema Registry REST API (also spoken by Karapace and Apicurio's
 * compatibility layer), over {@link HttpClient}.
 *
 * <p>Caches schema→id per subject and id→schema forever (both are immutable in a registry) and a
 * subject's latest version for {@code latest.cache.ttl.sec}, so a warmed-up serde makes no HTTP
 * calls. Concurrent misses for the same key may each make the call; the answers are identical.
 *
 * <p>Each request makes up to {@code max.retries + 1} rounds over the URLs, starting with the one
 * that answered last; a round moves to the next URL on an I/O error, a timeout, 408, 429 or 5xx,
 * and rounds are separated by exponential backoff with jitter. Any other non-2xx answer ends the
 * request at once with a {@link SchemaRegistryException}: the registry meant it, and another node
 * would say the same.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private record Endpoint(String url, String authorization) {}

  private record Answer(String url, JsonNode body) {}

  private record Latest(RegisteredSchema schema, long fetchedAtNanos) {}

  private final List<Endpoint> endpoints;
  private final List<String> urls;
  private final HttpClient http;
  private final Duration readTimeout;
  private final int maxRetries;
  private final long retriesWaitMs;
  private final long retriesMaxWaitMs;
  private final long latestTtlNanos;
  private volatile int preferred;

  private final ConcurrentMap<String, ConcurrentMap<String, Integer>> idsBySubject =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Latest> latestBySubject = new ConcurrentHashMap<>();

  public RestSchemaRegistryClient(Map<String, ?> configs) {
    this(new SchemaRegistryClientConfig(configs));
  }

  public RestSchemaRegistryClient(SchemaRegistryClientConfig config) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (URI uri : config.httpUrls()) {
      String base =
          uri.getScheme().toLowerCase(Locale.ROOT)
              + "://"
              + uri.getHost()
              + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
              + stripTrailingSlashes(uri.getRawPath());
      String credentials =
          switch (config.credentialsSource()) {
            case USER_INFO -> {
              String userInfo = config.userInfo();
              if (userInfo.isEmpty()) {
                throw new ConfigException(
                    SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                        + "=USER_INFO needs "
                        + SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO
                        + "=user:password");
              }
              yield userInfo;
            }
            case URL -> uri.getUserInfo();
          };
      String authorization =
          credentials == null || credentials.isEmpty()
              ? null
              : "Basic "
                  + Base64.getEncoder()
                      .encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      endpoints.add(new Endpoint(base, authorization));
    }
    this.endpoints = List.copyOf(endpoints);
    this.urls = endpoints.stream().map(Endpoint::url).toList();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.readTimeout = Duration.ofMillis(config.readTimeoutMs());
    this.maxRetries = config.maxRetries();
    this.retriesWaitMs = config.retriesWaitMs();
    this.retriesMaxWaitMs = config.retriesMaxWaitMs();
    this.latestTtlNanos = config.latestCacheTtlNanos();
  }

  private static String stripTrailingSlashes(String path) {
    String p = path == null ? "" : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The registry URLs, without credentials, in fail-over order. */
  public List<String> urls() {
    return urls;
  }

  @Override
  public int register(String subject, Schema schema) {
    return idFor(subject, schema, "/subjects/" + encode(subject) + "/versions");
  }

  @Override
  public int getId(String subject, Schema schema) {
    return idFor(subject, schema, "/subjects/" + encode(subject));
  }

  private int idFor(String subject, Schema schema, String path) {
    String text = schema.toString();
    ConcurrentMap<String, Integer> ids =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(text);
    if (cached != null) {
      return cached;
    }
    Answer answer = send("POST", path, Map.of("schema", text), subject, null);
    int id = intField(answer, "id", "POST " + path, subject, null);
    ids.put(text, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema getSchemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Answer answer = send("GET", "/schemas/ids/" + id, null, null, id);
    Schema schema = parseSchema(answer, null, id);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  @Override
  public RegisteredSchema getLatestVersion(String subject) {
    Latest cached = latestBySubject.get(subject);
    if (cached != null
        && (latestTtlNanos < 0 || System.nanoTime() - cached.fetchedAtNanos() < latestTtlNanos)) {
      return cached.schema();
    }
    String path = "/subjects/" + encode(subject) + "/versions/latest";
    Answer answer = send("GET", path, null, subject, null);
    int id = intField(answer, "id", "GET " + path, subject, null);
    int version = intField(answer, "version", "GET " + path, subject, id);
    Schema schema = schemasById.computeIfAbsent(id, i -> parseSchema(answer, subject, i));
    RegisteredSchema latest = new RegisteredSchema(subject, id, version, schema);
    latestBySubject.put(subject, new Latest(latest, System.nanoTime()));
    idsBySubject
        .computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
        .putIfAbsent(schema.toString(), id);
    return latest;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";
    Answer answer;
    try {
      answer = send("POST", path, Map.of("schema", schema.toString()), subject, null);
    } catch (SchemaRegistryException e) {
      // Older registries answer 40401 where newer ones say compatible: nothing to conflict with.
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return true;
      }
      throw e;
    }
    JsonNode value = answer.body().get("is_compatible");
    if (value == null || !value.isBoolean()) {
      throw new SchemaRegistryException(
          answer.url(),
          "POST " + path,
          subject,
          null,
          200,
          -1,
          "answer has no boolean \"is_compatible\": " + abbreviate(answer.body().toString()));
    }
    return value.booleanValue();
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int intField(
      Answer answer, String field, String request, String subject, Integer id) {
    JsonNode value = answer.body().get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          answer.url(),
          request,
          subject,
          id,
          200,
          -1,
          "answer has no integer \"" + field + "\": " + abbreviate(answer.body().toString()));
    }
    return value.intValue();
  }

  private static Schema parseSchema(Answer answer, String subject, Integer id) {
    JsonNode body = answer.body();
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equalsIgnoreCase("AVRO")) {
      throw new UnsupportedSchemaException(
          answer.url(), subject, id, "schemaType " + type + ", but only AVRO is supported", null);
    }
    JsonNode references = body.path("references");
    if (references.isArray() && !references.isEmpty()) {
      throw new UnsupportedSchemaException(
          answer.url(),
          subject,
          id,
          "it uses schema references "
              + abbreviate(references.toString())
              + ", which this client does not resolve",
          null);
    }
    JsonNode text = body.get("schema");
    if (text == null || !text.isTextual()) {
      throw new UnsupportedSchemaException(
          answer.url(),
          subject,
          id,
          "the answer has no \"schema\" string: " + abbreviate(body.toString()),
          null);
    }
    try {
      // Defaults are not validated: a writer schema with a bad default still describes its data.
      return new Schema.Parser().setValidateDefaults(false).parse(text.asText());
    } catch (RuntimeException e) {
      throw new UnsupportedSchemaException(
          answer.url(), subject, id, "not a parseable Avro schema: " + e.getMessage(), e);
    }
  }

  private Answer send(String method, String path, Object body, String subject, Integer id) {
    String request = method + " " + path;
    byte[] payload;
    try {
      payload = body == null ? null : JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode the request body of " + request, e);
    }
    int attempts = 0;
    int lastStatus = -1;
    String lastProblem = "nothing tried";
    Exception lastCause = null;
    int n = endpoints.size();
    for (int round = 0; round <= maxRetries; round++) {
      if (round > 0) {
        backOff(round, request);
      }
      int first = preferred;
      for (int k = 0; k < n; k++) {
        int index = (first + k) % n;
        Endpoint endpoint = endpoints.get(index);
        attempts++;
        HttpResponse<byte[]> response;
        try {
          response =
              http.send(
                  httpRequest(endpoint, method, path, payload),
                  HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          lastStatus = -1;
          lastProblem = endpoint.url() + ": " + e;
          lastCause = e;
          LOG.warn(
              "Schema registry {} failed on {} (attempt {}): {}",
              endpoint.url(),
              request,
              attempts,
              e.toString());
          continue;
        } catch (InterruptedException e) {
          throw new InterruptException(e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          preferred = index;
          return new Answer(
              endpoint.url(), json(endpoint, request, subject, id, status, response.body()));
        }
        JsonNode error = tryJson(response.body());
        int errorCode =
            error != null && error.path("error_code").canConvertToInt()
                ? error.get("error_code").intValue()
                : -1;
        String message =
            error != null && error.path("message").isTextual()
                ? error.get("message").asText()
                : abbreviate(new String(response.body(), StandardCharsets.UTF_8));
        if (isRetriable(status)) {
          lastStatus = status;
          lastProblem =
              endpoint.url()
                  + " answered HTTP "
                  + status
                  + (errorCode >= 0 ? ", error_code " + errorCode : "")
                  + ": "
                  + message;
          lastCause = null;
          LOG.warn(
              "Schema registry {} answered {} with HTTP {} (attempt {}): {}",
              endpoint.url(),
              request,
              status,
              attempts,
              message);
          continue;
        }
        preferred = index;
        throw new SchemaRegistryException(
            endpoint.url(), request, subject, id, status, errorCode, message);
      }
    }
    throw new SchemaRegistryUnavailableException(
        urls, request, subject, id, attempts, lastStatus, lastProblem, lastCause);
  }

  private HttpRequest httpRequest(Endpoint endpoint, String method, String path, byte[] payload) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(endpoint.url() + path))
            .timeout(readTimeout)
            .header("Accept", ACCEPT);
    if (endpoint.authorization() != null) {
      builder.header("Authorization", endpoint.authorization());
    }
    if (payload != null) {
      builder
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  private static boolean isRetriable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private void backOff(int round, String request) {
    long ceiling = Math.min(retriesMaxWaitMs, retriesWaitMs << Math.min(round - 1, 20));
    long wait =
        ceiling / 2
            + (ceiling > 1 ? ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2) : 0);
    LOG.debug("Retrying {} on {} in {} ms", request, urls, wait);
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
  }

  private static JsonNode json(
      Endpoint endpoint, String request, String subject, Integer id, int status, byte[] body) {
    JsonNode node = tryJson(body);
    if (node == null || !node.isObject()) {
      throw new SchemaRegistryException(
          endpoint.url(),
          request,
          subject,
          id,
          status,
          -1,
          "answer is not a JSON object (is this a schema registry?): "
              + abbreviate(new String(body, StandardCharsets.UTF_8)));
    }
    return node;
  }

  private static JsonNode tryJson(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_BODY_IN_MESSAGE
        ? oneLine
        : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient" + urls;
  }
}
