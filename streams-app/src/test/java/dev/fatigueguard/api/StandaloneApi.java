package dev.fatigueguard.api;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.topology.GuardSerdes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

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

  final ApiServer server;
  private final RecordPublisher publisher;
  private final HttpClient http = HttpClient.newHttpClient();

  StandaloneApi() {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", "127.0.0.1:9");
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://standalone-api");
    settings.put("max.block.ms", "1000");
    settings.put(GuardSetting.HTTP_PORT.key(), "0");
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
    server.start();
  }

  HttpResponse<String> call(String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    publisher.close();
  }
}
