package dev.fatigueguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fatigueguard.api.BearerTokens;
import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.management.ManagementServer;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.TopicPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guard on the embedded broker, after some traffic (decisions, a held message, a dead letter, a
 * budget query): its management listener answers without a token, and every metric name the shipped
 * Grafana dashboard and Prometheus alerts read is in its {@code /metrics}.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveGuardMetricsIT {

  private static final String ADMIN = "deploy-admin";
  private static final String READER = "deploy-reader";

  private final HttpClient http = HttpClient.newHttpClient();
  private GuardApplication guard;

  @BeforeAll
  void startAGuardAndSendTraffic(KafkaEndpoint kafka, @TempDir Path tmp) throws Exception {
    String run = KafkaEndpoint.uniqueName("deploy");
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://" + run);
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(tmp).toString());
    settings.put(GuardSetting.HTTP_PORT.key(), "0");
    settings.put(GuardSetting.MANAGEMENT_PORT.key(), "0");
    settings.put(GuardSetting.HTTP_BIND_ADDRESS.key(), "127.0.0.1");
    settings.put(GuardSetting.MANAGEMENT_BIND_ADDRESS.key(), "127.0.0.1");
    settings.put(GuardSetting.HTTP_ADVERTISED_HOST.key(), "127.0.0.1");
    settings.put(GuardSetting.HTTP_TOKENS_ADMIN.key(), BearerTokens.hashOf(ADMIN));
    settings.put(GuardSetting.HTTP_TOKENS_READER.key(), BearerTokens.hashOf(READER));
    settings.put(GuardSetting.METRICS_INTERVAL.key(), "PT1S");
    for (GuardSetting topic : GuardSetting.values()) {
      if (topic.key().startsWith("guard.topic.")) {
        settings.put(topic.key(), run + "." + topic.defaultValue());
      }
    }
    GuardConfig config = GuardConfig.of(settings, Map.of());
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      new TopicPlan(config).createMissing(admin, 2, (short) 1);
    }
    guard = new GuardApplication(config);
    guard.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> management(ManagementServer.READY).statusCode() == 200);
    HttpResponse<String> policy =
        api(
            "PUT",
            "/v1/policies/default",
            ADMIN,
            """
            {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D",
             "caps":[{"id":"hourly","max":1,"window":"PT1H"}]}""");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api("GET", "/v1/policies/default", ADMIN, null).statusCode() == 200);

    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    SpecificAvroSerializer<OutboundMessage> avro = new SpecificAvroSerializer<>();
    avro.configure(config.serdeConfig(), false);
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      // Two marketing emails per customer against a cap of one per hour: one approved, one held.
      for (int c = 0; c < 20; c++) {
        for (int i = 0; i < 2; i++) {
          OutboundMessage m =
              OutboundMessage.newBuilder()
                  .setMessageId("m-" + c + "-" + i)
                  .setCustomerId("cust-" + c)
                  .setChannel(Channel.EMAIL)
                  .setCategory("MARKETING")
                  .setCreatedAt(Instant.now())
                  .setDeferrable(true)
                  .build();
          producer.send(new ProducerRecord<>(input, m.getCustomerId(), avro.serialize(input, m)));
        }
      }
      producer.send(
          new ProducerRecord<>(input, "cust-0", "not avro".getBytes(StandardCharsets.UTF_8)));
    }
    avro.close();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> api("GET", "/v1/customers/cust-0/held", READER, null).body().contains("m-0-1"));
    assertThat(
            api("GET", "/v1/customers/cust-0/budget?channel=EMAIL&category=MARKETING", READER, null)
                .statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  void stop() {
    if (guard != null) {
      guard.close(Duration.ofSeconds(20));
    }
  }

  @Test
  void theProbesAnswerWithoutAToken() throws Exception {
    HttpResponse<String> live = management(ManagementServer.LIVE);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("\"status\":\"UP\"");
    HttpResponse<String> ready = management(ManagementServer.READY);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"READY\"");
  }

  @Test
  void theApiPortStillWantsATokenForMetricsAndTheManagementPortDoesNot() throws Exception {
    assertThat(api("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> scrape = management(ManagementServer.METRICS);
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsReadIsScrapedFromALiveGuard() {
    Set<String> used = new TreeSet<>(DeployFiles.metricNamesUsed());
    // Series Prometheus itself adds to every scrape, not the guard's.
    used.removeAll(Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped"));
    assertThat(used).as("metric names in the dashboard and alerts").hasSizeGreaterThan(10);
    // Kafka Streams registers some metrics only once they have something to say (RocksDB after the
    // first flushes, a producer topic metric after the first dead letter): wait for them.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(scrapedNames()).containsAll(used));
  }

  private Set<String> scrapedNames() throws Exception {
    Set<String> names = new TreeSet<>();
    String body = management(ManagementServer.METRICS).body();
    for (String line : body.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{');
        names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
      }
    }
    Files.write(Path.of("target", "live-guard-metric-names.txt"), List.copyOf(names));
    return names;
  }

  private HttpResponse<String> management(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guard.managementPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> api(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + guard.httpPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
