package dev.fatigueguard.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-process stand-in for the Confluent Schema Registry REST API: the five endpoints the client
 * uses (the compatibility check at the registry's default level, BACKWARD), with the real
 * registry's JSON shapes, status codes and error_codes (40401 subject not found, 40403 schema not
 * found, 401 unauthorized). No real registry (Confluent, Karapace, Apicurio) can be installed or
 * run on the build machines, and no Docker either, so the client is tested against this.
 *
 * <p>Records every request; can fail the next requests or all of them with a given status, require
 * an Authorization header, and delay answers to provoke read timeouts.
 */
public final class EmulatedRegistry implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  public record Request(
      String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private record Failure(int status, String body) {}

  private record Version(
      String subject, int id, int version, String schema, String schemaType, JsonNode references) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Failure> nextFailures = new ConcurrentLinkedDeque<>();
  private volatile Failure permanentFailure;
  private volatile String requiredAuthorization;
  private volatile Duration delay = Duration.ZERO;

  private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
  private final Map<String, Integer> idsByText = new HashMap<>();
  private final Map<Integer, Version> byId = new HashMap<>();

  private EmulatedRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "emulated-registry");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static EmulatedRegistry start() throws IOException {
    return new EmulatedRegistry();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** The next request(s) fail with this status and Confluent-style error body, one per call. */
  public void failNext(int status, int errorCode, String message) {
    nextFailures.add(new Failure(status, errorBody(errorCode, message)));
  }

  /** Every request fails so, until {@link #recover()}. */
  public void failAlways(int status, int errorCode, String message) {
    permanentFailure = new Failure(status, errorBody(errorCode, message));
  }

  /**
   * Every request answers with this raw body and status, as a server that is not a registry would.
   */
  public void answerAlwaysRaw(int status, String body) {
    permanentFailure = new Failure(status, body);
  }

  public void recover() {
    permanentFailure = null;
    nextFailures.clear();
  }

  public void requireAuthorization(String headerValue) {
    requiredAuthorization = headerValue;
  }

  public void delayAnswers(Duration delay) {
    this.delay = delay;
  }

  /**
   * Stores a schema as another producer might have registered it, e.g. a PROTOBUF one or one with
   * references.
   */
  public synchronized int putSchema(
      String subject, String schemaText, String schemaType, String referencesJson)
      throws IOException {
    return store(
            subject,
            schemaText,
            schemaType,
            referencesJson == null ? null : JSON.readTree(referencesJson))
        .id();
  }

  private static String errorBody(int errorCode, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error_code", errorCode);
    body.put("message", message);
    return body.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Failure failure = nextFailures.poll();
      if (failure == null) {
        failure = permanentFailure;
      }
      if (failure != null) {
        send(exchange, failure.status(), failure.body());
        return;
      }
      String required = requiredAuthorization;
      if (required != null
          && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, errorBody(401, "Unauthorized"));
        return;
      }
      route(exchange, body);
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange, String body) throws IOException {
    String method = exchange.getRequestMethod();
    String[] parts = exchange.getRequestURI().getRawPath().substring(1).split("/");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    if (method.equals("POST")
        && parts.length == 3
        && parts[0].equals("subjects")
        && parts[2].equals("versions")) {
      Version v = register(parts[1], JSON.readTree(body).get("schema").asText());
      send(exchange, 200, "{\"id\":" + v.id() + "}");
    } else if (method.equals("POST") && parts.length == 2 && parts[0].equals("subjects")) {
      lookup(exchange, parts[1], JSON.readTree(body).get("schema").asText());
    } else if (method.equals("GET")
        && parts.length == 3
        && parts[0].equals("schemas")
        && parts[1].equals("ids")) {
      Version v = byId(Integer.parseInt(parts[2]));
      if (v == null) {
        send(exchange, 404, errorBody(40403, "Schema " + parts[2] + " not found"));
      } else {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("schema", v.schema());
        if (v.schemaType() != null) {
          answer.put("schemaType", v.schemaType());
        }
        if (v.references() != null) {
          answer.set("references", v.references());
        }
        send(exchange, 200, answer.toString());
      }
    } else if (method.equals("GET")
        && parts.length == 4
        && parts[0].equals("subjects")
        && parts[2].equals("versions")
        && parts[3].equals("latest")) {
      List<Version> versions = versions(parts[1]);
      if (versions.isEmpty()) {
        send(exchange, 404, errorBody(40401, "Subject '" + parts[1] + "' not found."));
      } else {
        send(exchange, 200, describe(versions.get(versions.size() - 1)).toString());
      }
    } else if (method.equals("POST")
        && parts.length == 5
        && parts[0].equals("compatibility")
        && parts[1].equals("subjects")
        && parts[3].equals("versions")
        && parts[4].equals("latest")) {
      compatibility(exchange, parts[2], JSON.readTree(body).get("schema").asText());
    } else {
      send(exchange, 404, errorBody(404, "HTTP 404 Not Found"));
    }
  }

  private synchronized Version register(String subject, String schemaText) {
    return store(subject, new Schema.Parser().parse(schemaText).toString(), null, null);
  }

  private Version store(String subject, String text, String schemaType, JsonNode references) {
    List<Version> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (Version v : versions) {
      if (v.schema().equals(text)) {
        return v;
      }
    }
    int id = idsByText.computeIfAbsent(text, t -> idsByText.size() + 1);
    Version version = new Version(subject, id, versions.size() + 1, text, schemaType, references);
    versions.add(version);
    byId.putIfAbsent(id, version);
    return version;
  }

  private synchronized void lookup(HttpExchange exchange, String subject, String schemaText)
      throws IOException {
    List<Version> versions = versions(subject);
    if (versions.isEmpty()) {
      send(exchange, 404, errorBody(40401, "Subject '" + subject + "' not found."));
      return;
    }
    String text = new Schema.Parser().parse(schemaText).toString();
    for (Version v : versions) {
      if (v.schema().equals(text)) {
        send(exchange, 200, describe(v).toString());
        return;
      }
    }
    send(exchange, 404, errorBody(40403, "Schema not found"));
  }

  /**
   * BACKWARD, the registry's default level: the new schema must read what the latest version wrote.
   */
  private void compatibility(HttpExchange exchange, String subject, String schemaText)
      throws IOException {
    List<Version> versions = versions(subject);
    if (versions.isEmpty()) {
      send(exchange, 404, errorBody(40401, "Subject '" + subject + "' not found."));
      return;
    }
    Schema latest = new Schema.Parser().parse(versions.get(versions.size() - 1).schema());
    Schema proposed = new Schema.Parser().parse(schemaText);
    boolean compatible =
        SchemaCompatibility.checkReaderWriterCompatibility(proposed, latest).getType()
            == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    send(exchange, 200, "{\"is_compatible\":" + compatible + "}");
  }

  private synchronized List<Version> versions(String subject) {
    return List.copyOf(subjects.getOrDefault(subject, List.of()));
  }

  private synchronized Version byId(int id) {
    return byId.get(id);
  }

  private static ObjectNode describe(Version v) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("subject", v.subject());
    answer.put("version", v.version());
    answer.put("id", v.id());
    answer.put("schema", v.schema());
    return answer;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", body.startsWith("{") ? CONTENT_TYPE : "text/html");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
