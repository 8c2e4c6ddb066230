package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.TopicPlan;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two guard instances (same application.id, own state directories and HTTP ports) on a real KRaft
 * broker, input with two partitions: every customer question is asked of both instances, so one of
 * them always answers as the non-owner by forwarding. Then the write paths end to end, metrics, and
 * the dashboard in headless Chromium.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiClusterIT {

  private static final String ADMIN = "it-admin";
  private static final String PREFERENCES = "it-preferences";
  private static final String READER = "it-reader";
  private static final int CUSTOMERS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger messageIds = new AtomicInteger();
  private KafkaEndpoint kafka;
  private GuardConfig config;
  private GuardApplication first;
  private GuardApplication second;
  private KafkaProducer<String, byte[]> producer;
  private SpecificAvroSerializer<OutboundMessage> serializer;

  @BeforeAll
  void startTwoInstances(KafkaEndpoint kafka, @TempDir Path tmp) throws Exception {
    this.kafka = kafka;
    String run = KafkaEndpoint.uniqueName("api");
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://" + run);
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    settings.put(GuardSetting.HTTP_PORT.key(), "0");
    settings.put(GuardSetting.MANAGEMENT_PORT.key(), "0");
    settings.put(GuardSetting.HTTP_BIND_ADDRESS.key(), "127.0.0.1");
    settings.put(GuardSetting.HTTP_ADVERTISED_HOST.key(), "127.0.0.1");
    settings.put(GuardSetting.HTTP_TOKENS_ADMIN.key(), BearerTokens.hashOf(ADMIN));
    settings.put(GuardSetting.HTTP_TOKENS_PREFERENCES.key(), BearerTokens.hashOf(PREFERENCES));
    settings.put(GuardSetting.HTTP_TOKENS_READER.key(), BearerTokens.hashOf(READER));
    settings.put(GuardSetting.METRICS_INTERVAL.key(), "PT1S");
    for (GuardSetting topic : GuardSetting.values()) {
      if (topic.key().startsWith("guard.topic.")) {
        settings.put(topic.key(), run + "." + topic.defaultValue());
      }
    }
    config = GuardConfig.of(settings, Map.of());
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      new TopicPlan(config).createMissing(admin, 2, (short) 1);
    }
    first =
        new GuardApplication(
            config.with(
                Map.of(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createDirectories(tmp.resolve("first")).toString())));
    second =
        new GuardApplication(
            config.with(
                Map.of(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createDirectories(tmp.resolve("second")).toString())));
    first.start();
    second.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                first.streams().state() == KafkaStreams.State.RUNNING
                    && second.streams().state() == KafkaStreams.State.RUNNING
                    && first.streams().metadataForAllStreamsClients().size() == 2
                    && call(first, "GET", "/health/ready", null, null).statusCode() == 200
                    && call(second, "GET", "/health/ready", null, null).statusCode() == 200);

    // A policy written through one instance is served by the other (global store).
    HttpResponse<String> put =
        call(
            first,
            "PUT",
            "/v1/policies/default",
            ADMIN,
            """
        {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D","caps":[{"id":"hourly","max":2,"window":"PT1H"}]}""");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> got = call(second, "GET", "/v1/policies/default", ADMIN, null);
              return got.statusCode() == 200 && got.body().contains("\"hourly\"");
            });

    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    serializer = new SpecificAvroSerializer<>();
    serializer.configure(config.serdeConfig(), false);
    // Three marketing emails per customer against a cap of 2 per hour: two approved, one held.
    for (int c = 0; c < CUSTOMERS; c++) {
      for (int i = 0; i < 3; i++) {
        send("cust-" + c, Channel.EMAIL, "MARKETING");
      }
    }
    producer.flush();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              for (int c = 0; c < CUSTOMERS; c++) {
                HttpResponse<String> held =
                    call(first, "GET", "/v1/customers/cust-" + c + "/held", READER, null);
                if (held.statusCode() != 200
                    || JSON.readTree(held.body()).path("held").size() != 1) {
                  return false;
                }
              }
              return true;
            });
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (second != null) {
      second.close(Duration.ofSeconds(20));
    }
    if (first != null) {
      first.close(Duration.ofSeconds(20));
    }
  }

  @Test
  void everyInstanceGivesTheOwnersBudgetAnswer() throws Exception {
    Set<String> owners = new HashSet<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      String path = "/v1/customers/cust-" + c + "/budget?channel=EMAIL&category=MARKETING";
      JsonNode fromFirst = okJson(call(first, "GET", path, READER, null));
      JsonNode fromSecond = okJson(call(second, "GET", path, READER, null));
      ((ObjectNode) fromFirst).remove("at");
      ((ObjectNode) fromSecond).remove("at");
      assertThat(fromSecond).as("cust-%d", c).isEqualTo(fromFirst);
      owners.add(fromFirst.path("servedBy").asText());

      assertThat(fromFirst.path("allowedNow").asBoolean()).isFalse();
      JsonNode cap = fromFirst.path("caps").get(0);
      assertThat(cap.path("ruleId").asText()).isEqualTo("default/hourly");
      assertThat(cap.path("used").asInt()).isEqualTo(2);
      assertThat(cap.path("remaining").asInt()).isZero();
      assertThat(cap.path("window").asText()).isEqualTo("PT1H");
      // The cap is full, so the next chance is when the oldest counted contact leaves the window.
      assertThat(Instant.parse(fromFirst.path("nextEligibleAt").asText()))
          .isEqualTo(Instant.parse(cap.path("oldestLeavesAt").asText()));
      // Another channel/category with an unscoped cap: the same cap applies; exempt categories
      // pass.
      JsonNode transactional =
          okJson(
              call(
                  second,
                  "GET",
                  "/v1/customers/cust-" + c + "/budget?channel=SMS&category=TRANSACTIONAL",
                  READER,
                  null));
      assertThat(transactional.path("exempt").asBoolean()).isTrue();
      assertThat(transactional.path("allowedNow").asBoolean()).isTrue();
    }
    assertThat(owners).isSubsetOf(instanceName(first), instanceName(second));
  }

  @Test
  void aForwardedRequestThatReachesANonOwnerIs503NeverAWrongAnswer() throws Exception {
    String path = "/v1/customers/cust-0/budget";
    String owner = okJson(call(first, "GET", path, READER, null)).path("servedBy").asText();
    GuardApplication nonOwner = owner.equals(instanceName(first)) ? second : first;
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri(nonOwner, path))
                .header("Authorization", "Bearer " + READER)
                .header(OwnerRouting.FORWARDED_BY, "127.0.0.1:1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void heldMessagesAreListedWithTheirTimesAndNoPayload() throws Exception {
    for (GuardApplication app : List.of(first, second)) {
      HttpResponse<String> response = call(app, "GET", "/v1/customers/cust-1/held", READER, null);
      JsonNode held = okJson(response).path("held");
      assertThat(held).hasSize(1);
      JsonNode m = held.get(0);
      assertThat(m.path("reason").asText()).isEqualTo("CAP_EXCEEDED");
      assertThat(m.path("ruleId").asText()).isEqualTo("default/hourly");
      Instant heldSince = Instant.parse(m.path("heldSince").asText());
      assertThat(Instant.parse(m.path("releaseAt").asText())).isAfter(heldSince);
      assertThat(Instant.parse(m.path("dropAt").asText()))
          .isEqualTo(heldSince.plus(Duration.ofDays(1)));
      assertThat(response.body()).doesNotContain("payload").doesNotContain("wireValue");
    }
  }

  @Test
  void aPreferencePutThroughTheApiDecidesTheNextMessage() throws Exception {
    HttpResponse<String> put =
        call(
            second,
            "PUT",
            "/v1/customers/pref-1/preferences",
            PREFERENCES,
            "{\"customerId\":\"pref-1\",\"optOuts\":[{\"channel\":\"SMS\"}]}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> got =
                  call(first, "GET", "/v1/customers/pref-1/preferences", PREFERENCES, null);
              return got.statusCode() == 200 && got.body().contains("SMS");
            });
    JsonNode budget =
        okJson(
            call(
                first,
                "GET",
                "/v1/customers/pref-1/budget?channel=SMS&category=MARKETING",
                READER,
                null));
    assertThat(budget.path("optedOut").asBoolean()).isTrue();
    assertThat(budget.path("neverEligible").asBoolean()).isTrue();

    String sms = send("pref-1", Channel.SMS, "MARKETING");
    String email = send("pref-1", Channel.EMAIL, "MARKETING");
    producer.flush();
    assertThat(awaitDecision(sms, d -> true).getReason()).hasToString("OPTED_OUT");
    assertThat(awaitDecision(email, d -> true).getDecision()).hasToString("APPROVED");
  }

  @Test
  void deleteErasesTheCustomerAndDropsHeldMessagesAsErased() throws Exception {
    // Snoozed for two hours (within the policy's maxDelay of a day), so the next message is held.
    String snoozeUntil =
        Instant.now()
            .plus(Duration.ofHours(2))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString();
    assertThat(
            call(
                    first,
                    "PUT",
                    "/v1/customers/erase-1/preferences",
                    PREFERENCES,
                    "{\"customerId\":\"erase-1\",\"snoozeUntil\":\"" + snoozeUntil + "\"}")
                .statusCode())
        .isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                call(second, "GET", "/v1/customers/erase-1/preferences", PREFERENCES, null)
                        .statusCode()
                    == 200);
    String heldId = send("erase-1", Channel.PUSH, "MARKETING");
    producer.flush();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> held =
                  call(second, "GET", "/v1/customers/erase-1/held", READER, null);
              return held.statusCode() == 200 && held.body().contains(heldId);
            });

    HttpResponse<String> erased =
        call(second, "DELETE", "/v1/customers/erase-1/preferences", PREFERENCES, null);
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(202);
    assertThat(JSON.readTree(erased.body()).path("offset").asLong()).isNotNegative();

    assertThat(awaitDecision(heldId, d -> d.getDecision().name().equals("DROPPED")).getReason())
        .hasToString("ERASED");
    for (GuardApplication app : List.of(first, second)) {
      assertThat(
              call(app, "GET", "/v1/customers/erase-1/preferences", PREFERENCES, null).statusCode())
          .isEqualTo(404);
      assertThat(okJson(call(app, "GET", "/v1/customers/erase-1/held", READER, null)).path("held"))
          .isEmpty();
      JsonNode budget =
          okJson(
              call(
                  app,
                  "GET",
                  "/v1/customers/erase-1/budget?channel=PUSH&category=MARKETING",
                  READER,
                  null));
      assertThat(budget.path("snoozed").asBoolean()).isFalse();
      assertThat(budget.path("optOuts")).isEmpty();
      assertThat(budget.path("caps").get(0).path("used").asInt()).isZero();
      assertThat(budget.path("allowedNow").asBoolean()).isTrue();
    }
  }

  @Test
  void metricsStatsAndTheFatigueMetricsTopic() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String metrics =
                  call(first, "GET", "/metrics", READER, null).body()
                      + call(second, "GET", "/metrics", READER, null).body();
              assertThat(metrics)
                  .contains(
                      "guard_decisions_total{category=\"MARKETING\",channel=\"EMAIL\",decision=\"APPROVED\"");
              assertThat(metrics).contains("decision=\"DELAYED\",reason=\"CAP_EXCEEDED\"");
              assertThat(metrics)
                  .contains(
                      "guard_decision_latency_seconds_bucket",
                      "guard_release_delay_seconds",
                      "guard_held_backlog",
                      "guard_held_oldest_age_seconds",
                      "guard_customers_at_cap{rule=\"default/hourly\"}");
              assertThat(metrics).contains("kafka_stream_thread_process_total");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode stats = okJson(call(second, "GET", "/v1/stats?points=120", READER, null));
              assertThat(stats.path("instances")).hasSize(2);
              assertThat(stats.path("unreachable")).isEmpty();
              long approved = 0;
              for (JsonNode n : stats.path("outcomes").path("APPROVED")) {
                approved += n.asLong();
              }
              assertThat(approved).isGreaterThanOrEqualTo(2L * CUSTOMERS);
              assertThat(stats.path("reasons").path("CAP_EXCEEDED").asLong())
                  .isGreaterThanOrEqualTo(CUSTOMERS);
              assertThat(stats.path("heldBacklog").asLong()).isGreaterThanOrEqualTo(CUSTOMERS);
            });

    SpecificAvroDeserializer<FatigueMetric> reader =
        new SpecificAvroDeserializer<>(FatigueMetric.class);
    reader.configure(config.serdeConfig(), false);
    List<FatigueMetric> metrics = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        committedReader(config.topic(GuardSetting.TOPIC_METRICS))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  FatigueMetric m = reader.deserialize(r.topic(), r.value());
                  assertThat(r.key()).startsWith(m.getName() + "{");
                  metrics.add(m);
                }
                return metrics.stream()
                        .anyMatch(
                            m ->
                                m.getName().equals("decisions")
                                    && "APPROVED".equals(m.getDimensions().get("decision")))
                    && metrics.stream()
                        .anyMatch(m -> m.getName().equals("held.backlog") && m.getValue() > 0);
              });
    }
    assertThat(metrics)
        .allSatisfy(
            m -> assertThat(m.getInstance()).isIn(instanceName(first), instanceName(second)));
    assertThat(call(first, "GET", "/health/live", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void theDashboardShowsLiveDataAndABudgetLookup(@TempDir Path browserProfile) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(HeadlessChromium.BINARY),
        "headless Chromium is needed for the dashboard test: install it with "
            + "`apt-get update && apt-get install -y chromium` (CI does)");
    // Live traffic while the page is open: several channels and categories; every third message may
    // not
    // wait, so a full cap drops it instead of holding it.
    Thread traffic =
        new Thread(
            () -> {
              Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WHATSAPP};
              String[] categories = {"MARKETING", "NEWSLETTER", "TRANSACTIONAL", "PROMOTIONAL"};
              for (int i = 0; i < 60 && !Thread.currentThread().isInterrupted(); i++) {
                for (int k = 0; k < 12; k++) {
                  send(
                      "live-" + ((i * 7 + k) % 90),
                      channels[(i + k) % channels.length],
                      categories[k % categories.length],
                      k % 3 != 0);
                }
                producer.flush();
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "dashboard-traffic");
    traffic.start();
    try (HeadlessChromium browser = new HeadlessChromium(browserProfile)) {
      browser.send(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", 1280, "height", 1100, "deviceScaleFactor", 1, "mobile", false));
      browser.navigate("http://127.0.0.1:" + first.httpPort() + "/#token=" + READER);
      browser.waitFor(
          "document.getElementById('status').textContent.startsWith('2 instance(s)')",
          Duration.ofSeconds(30));
      browser.waitFor(
          "document.querySelector('#chart-outcomes path[data-series=APPROVED]') !== null"
              + " && document.querySelectorAll('#chart-channels path.series').length >= 3",
          Duration.ofSeconds(30));
      browser.waitFor("document.querySelector('#reasons td.num') !== null", Duration.ofSeconds(30));
      browser.waitFor(
          "Number(document.getElementById('held-count').textContent) > 0", Duration.ofSeconds(30));
      assertThat(browser.evaluate("location.hash").asText())
          .as("the token leaves the address bar")
          .isEmpty();

      browser.evaluate(
          "document.getElementById('lookup-customer').value = 'cust-3';"
              + "document.getElementById('lookup-channel').value = 'EMAIL';"
              + "document.getElementById('lookup-category').value = 'MARKETING';"
              + "document.getElementById('lookup-form').requestSubmit(); true");
      browser.waitFor(
          "document.querySelector('#lookup-result table.caps') !== null", Duration.ofSeconds(30));
      String result =
          browser.evaluate("document.getElementById('lookup-result').innerText").asText();
      assertThat(result).contains("Can send: no", "default/hourly", "answered by 127.0.0.1:");
      traffic.join(20_000);
      Thread.sleep(2500); // one more poll, so the picture shows the whole burst
      browser.screenshot("dashboard.png");
      assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    } finally {
      traffic.interrupt();
      traffic.join();
    }
  }

  /**
   * Last, because it changes the cluster: a third instance joins while budgets are asked all the
   * time.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void whileAnInstanceJoinsEveryAnswerIsRightOr503(@TempDir Path stateDir) throws Exception {
    GuardApplication third =
        new GuardApplication(
            config.with(Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())));
    try {
      third.start();
      List<GuardApplication> all = List.of(first, second, third);
      Set<String> names = Set.of(instanceName(first), instanceName(second), instanceName(third));
      int answered = 0;
      int unavailable = 0;
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      for (int round = 0; System.nanoTime() < until; round++) {
        for (int c = 0; c < CUSTOMERS; c++) {
          GuardApplication asked = all.get((c + round) % all.size());
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(
                          uri(
                              asked,
                              "/v1/customers/cust-"
                                  + c
                                  + "/budget?channel=EMAIL&category=MARKETING"))
                      .header("Authorization", "Bearer " + READER)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            JsonNode budget = JSON.readTree(response.body());
            assertThat(budget.path("caps").get(0).path("used").asInt())
                .as("cust-%d: %s", c, response.body())
                .isEqualTo(2);
            assertThat(names).contains(budget.path("servedBy").asText());
            answered++;
          } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            unavailable++;
          }
        }
      }
      assertThat(answered).isPositive();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> third.streams().state() == KafkaStreams.State.RUNNING);
      for (int c = 0; c < CUSTOMERS; c++) {
        String path = "/v1/customers/cust-" + c + "/budget?channel=EMAIL&category=MARKETING";
        JsonNode expected = okJson(call(first, "GET", path, READER, null));
        ((ObjectNode) expected).remove("at");
        for (GuardApplication app : all) {
          JsonNode actual = okJson(call(app, "GET", path, READER, null));
          ((ObjectNode) actual).remove("at");
          assertThat(actual).isEqualTo(expected);
        }
      }
      System.out.printf(
          "while an instance joined: %d answers, %d times 503%n", answered, unavailable);
    } finally {
      third.close(Duration.ofSeconds(20));
    }
  }

  // --- plumbing ---

  private String send(String customerId, Channel channel, String category) {
    return send(customerId, channel, category, true);
  }

  private String send(String customerId, Channel channel, String category, boolean deferrable) {
    String id = "m-" + messageIds.incrementAndGet();
    OutboundMessage m =
        OutboundMessage.newBuilder()
            .setMessageId(id)
            .setCustomerId(customerId)
            .setChannel(channel)
            .setCategory(category)
            .setPriority(1)
            .setCreatedAt(Instant.now())
            .setDeferrable(deferrable)
            .build();
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    producer.send(new ProducerRecord<>(input, customerId, serializer.serialize(input, m)));
    return id;
  }

  private ContactDecision awaitDecision(String messageId, Predicate<ContactDecision> wanted) {
    SpecificAvroDeserializer<ContactDecision> reader =
        new SpecificAvroDeserializer<>(ContactDecision.class);
    reader.configure(config.serdeConfig(), false);
    List<ContactDecision> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        committedReader(config.topic(GuardSetting.TOPIC_DECISIONS))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  ContactDecision d = reader.deserialize(r.topic(), r.value());
                  if (d.getMessageId().equals(messageId) && wanted.test(d)) {
                    found.add(d);
                  }
                }
                return !found.isEmpty();
              });
    }
    return found.get(0);
  }

  private KafkaConsumer<String, byte[]> committedReader(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaEndpoint.uniqueName("api-reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** Retries 503 (rebalances happen while instances settle), so assertions see the real answer. */
  private HttpResponse<String> call(
      GuardApplication app, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = null;
    for (int attempt = 0; attempt < 40; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri(app, path))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 503 || path.startsWith("/health")) {
        return response;
      }
      Thread.sleep(250);
    }
    return response;
  }

  private static URI uri(GuardApplication app, String path) {
    return URI.create("http://127.0.0.1:" + app.httpPort() + path);
  }

  private static String instanceName(GuardApplication app) {
    return "127.0.0.1:" + app.httpPort();
  }

  private static JsonNode okJson(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
