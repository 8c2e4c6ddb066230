package dev.fatigueguard.api;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.topology.GuardSerdes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API server with no Kafka Streams behind it (and a producer pointing nowhere): enough to test
 * what is decided before any state is read — authentication, roles, validation, the route table —
 * and that customer routes answer 503 while the guard is not RUNNING.
 */
final class StandaloneApi implements AutoCloseable {

  static final String ADMIN = "admin-token-1";
  static final String PREFERENCES = "preferences-token-1";
  static final String READER = "reader-token-1";
  static final String LINK_SECRET = "standalone-link-secret-0123456789abcdef";

  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)");

  final ApiServer server;
  private final RecordPublisher publisher;
  private final HttpClient http = HttpClient.newHttpClient();

  StandaloneApi() {
    this(0);
  }

  /** On this port of 127.0.0.1 (0: any free one). */
  StandaloneApi(int port) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", "127.0.0.1:9");
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://standalone-api");
    settings.put("max.block.ms", "1000");
    settings.put(GuardSetting.HTTP_PORT.key(), Integer.toString(port));
    settings.put(GuardSetting.HTTP_BIND_ADDRESS.key(), "127.0.0.1");
    settings.put(GuardSetting.HTTP_TOKENS_ADMIN.key(), BearerTokens.hashOf(ADMIN));
    settings.put(GuardSetting.HTTP_TOKENS_PREFERENCES.key(), BearerTokens.hashOf(PREFERENCES));
    settings.put(GuardSetting.HTTP_TOKENS_READER.key(), BearerTokens.hashOf(READER));
    settings.put(GuardSetting.PREFERENCE_CENTRE_SECRET.key(), LINK_SECRET);
    GuardConfig config = GuardConfig.of(settings, Map.of());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    publisher = new RecordPublisher(config);
    server =
        new ApiServer(
            config,
            new GuardSerdes(config.serdeConfig()),
            new GuardMetrics(registry),
            registry,
            publisher);
    try {
      server.start();
    } catch (RuntimeException e) {
      publisher.close();
      throw e;
    }
  }

  HttpResponse<String> call(String method, String path, String token, String body) {
    return send(
        method,
        path,
        token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** Any method, path (already escaped), headers and body, with Java's HTTP client. */
  HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body) {
    return send(
        method,
        path,
        headers,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * Sends {@code size} spaces as a stream of unknown length, so the client frames them as chunked
   * transfer encoding, without a Content-Length.
   */
  HttpResponse<String> sendChunked(
      String method, String path, Map<String, String> headers, int size) {
    byte[] spaces = new byte[size];
    java.util.Arrays.fill(spaces, (byte) ' ');
    return send(
        method,
        path,
        headers,
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(spaces)));
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, body);
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code head} (request line and any headers but Host, without the blank line) as it is
   * over a plain socket, for requests Java's client refuses to send (CONNECT, malformed paths);
   * returns the raw response.
   */
  String raw(String head) {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // Read the head, then exactly Content-Length bytes: after CONNECT the server may keep the
      // connection open whatever Connection says.
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      while (!received.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        received.write(b);
      }
      String headText = received.toString(StandardCharsets.ISO_8859_1);
      Matcher length = CONTENT_LENGTH.matcher(headText);
      byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
      return headText + new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    publisher.close();
  }
}
