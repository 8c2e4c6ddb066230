package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.app.CommittedRecords;
import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.StoreNames;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.apache.kafka.streams.KeyQueryMetadata;
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
 * The preference centre end to end: two guard instances on a real KRaft broker, a customer owned by
 * the second, and the page opened on the first (so every read is forwarded with the link's token).
 * Each thing the customer does on the page is checked in the guard itself: its stores through the
 * staff API, its topics with a consumer, its next decision.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreferenceCentreIT {

  private static final String ADMIN = "pc-admin";
  private static final String PREFERENCES = "pc-preferences";
  private static final String READER = "pc-reader";
  private static final ZoneId BROWSER_ZONE = ZoneId.of("Europe/Berlin");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger messageIds = new AtomicInteger();
  private KafkaEndpoint kafka;
  private GuardConfig config;
  private GuardApplication first;
  private GuardApplication second;
  private KafkaProducer<String, byte[]> producer;
  private SpecificAvroSerializer<OutboundMessage> serializer;
  private HeadlessChromium browser;
  private String customer;
  private String other;
  private String heldMessageId;
  private String token;

  /** Console errors the tests caused on purpose (the 400 of a bad save), counted, not ignored. */
  private int expectedConsoleErrors;

  @BeforeAll
  void start(KafkaEndpoint kafka, @TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(HeadlessChromium.BINARY),
        "headless Chromium is needed: apt-get install -y chromium");
    this.kafka = kafka;
    String run = KafkaEndpoint.uniqueName("prefs");
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://" + run);
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    settings.put(GuardSetting.HTTP_PORT.key(), "0");
    settings.put(GuardSetting.HTTP_BIND_ADDRESS.key(), "127.0.0.1");
    settings.put(GuardSetting.HTTP_ADVERTISED_HOST.key(), "127.0.0.1");
    settings.put(GuardSetting.HTTP_TOKENS_ADMIN.key(), BearerTokens.hashOf(ADMIN));
    settings.put(GuardSetting.HTTP_TOKENS_PREFERENCES.key(), BearerTokens.hashOf(PREFERENCES));
    settings.put(GuardSetting.HTTP_TOKENS_READER.key(), BearerTokens.hashOf(READER));
    settings.put(
        GuardSetting.PREFERENCE_CENTRE_SECRET.key(), "it-preference-centre-secret-0123456789");
    for (GuardSetting topic : GuardSetting.values()) {
      if (topic.key().startsWith("guard.topic.")) {
        settings.put(topic.key(), run + "." + topic.defaultValue());
      }
    }
    config = GuardConfig.of(settings, Map.of());
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      new TopicPlan(config).createMissing(admin, 2, (short) 1);
    }
    first = instance(tmp.resolve("first"));
    second = instance(tmp.resolve("second"));
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
    HttpResponse<String> policy =
        call(
            first,
            "PUT",
            "/v1/policies/default",
            ADMIN,
            "{\"tenant\":\"default\",\"overflowAction\":\"DELAY\",\"maxDelay\":\"P1D\","
                + "\"caps\":[{\"id\":\"hourly\",\"max\":2,\"window\":\"PT1H\"}]}");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> call(second, "GET", "/v1/policies/default", ADMIN, null).statusCode() == 200);
    customer = ownedBy(second, "pc-");
    other = ownedBy(first, "other-");

    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    serializer = new SpecificAvroSerializer<>();
    serializer.configure(config.serdeConfig(), false);
    // Two contacts on two channels from two senders fill the hourly cap of 2; the third is held.
    send(customer, Channel.EMAIL, "MARKETING", "acme");
    send(customer, Channel.SMS, "NEWSLETTER", "globex");
    heldMessageId = send(customer, Channel.PUSH, "PROMOTIONAL", "acme");
    send(other, Channel.EMAIL, "MARKETING", "globex");
    producer.flush();
    awaitDecision(heldMessageId, d -> d.getDecision().name().equals("DELAYED"));

    browser = new HeadlessChromium(Files.createDirectories(tmp.resolve("browser")));
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 900, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
    browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", BROWSER_ZONE.getId()));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
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
  @Order(1)
  void theLinkOpensWhatTheCustomerReceivedAndWhatIsWaitingAsTheGuardHoldsIt() throws Exception {
    HttpResponse<String> issued =
        call(first, "POST", "/v1/customers/" + customer + "/links", PREFERENCES, null);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    JsonNode link = JSON.readTree(issued.body());
    token = link.path("token").asText();
    Instant renderedAt = Instant.now();
    browser.navigate(link.path("url").asText());
    browser.waitFor("!document.getElementById('main').hidden", Duration.ofSeconds(30));
    assertThat(browser.evaluate("location.hash").asText())
        .as("the token leaves the address bar")
        .isEmpty();

    // What you received: the guard's ledger, read through the staff budget of the same owner.
    JsonNode budget =
        okJson(call(second, "GET", "/v1/customers/" + customer + "/budget", READER, null));
    assertThat(budget.path("caps").get(0).path("used").asInt()).isEqualTo(2);
    assertThat(browser.evaluate("document.querySelectorAll('#history tr').length").asInt())
        .isEqualTo(2);
    assertThat(browser.evaluate("document.getElementById('totals').innerText").asText())
        .contains("Email: 1", "Text (SMS): 1");
    // Each row names the company that sent it, as the ledger records the sender tenant.
    assertThat(
            browser
                .evaluate("document.querySelector('#history tr:nth-child(1)').innerText")
                .asText())
        .contains("Text (SMS)", "globex");
    assertThat(
            browser
                .evaluate("document.querySelector('#history tr:nth-child(2)').innerText")
                .asText())
        .contains("Email", "acme");
    JsonNode history = okJson(call(first, "GET", "/v1/me/history", token, null));
    assertThat(history.path("contacts"))
        .extracting(c -> c.path("tenant").asText())
        .containsExactly("globex", "acme");

    // Waiting for you: the held-messages store, read through the staff API.
    JsonNode held = okJson(call(first, "GET", "/v1/customers/" + customer + "/held", READER, null));
    assertThat(held.path("held")).hasSize(1);
    String waiting = browser.evaluate("document.getElementById('held').innerText").asText();
    assertThat(waiting)
        .contains("Push", "Promotional", "from acme")
        .contains("because of the sender's limit of at most 2 messages per hour");
    assertThat(waiting).doesNotContain(heldMessageId);
    // Told in the browser's zone, as the customer chose none yet; a release after midnight there
    // is "tomorrow", so the expected words depend on the wall clock when the page was rendered.
    Instant releaseAt = Instant.parse(held.path("held").get(0).path("releaseAt").asText());
    assertThat(waiting)
        .containsAnyOf(
            "Held until " + releaseInBrowserZone(releaseAt, renderedAt),
            "Held until " + releaseInBrowserZone(releaseAt, Instant.now()));

    // The limits section shows the platform's required category as not optional.
    assertThat(
            browser
                .evaluate("document.getElementById('optout-EMAIL-SECURITY').disabled")
                .asBoolean())
        .isTrue();
    assertThat(browser.evaluate("document.getElementById('required-note').innerText").asText())
        .contains("Security messages are not optional");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  @Order(2)
  void aBadLimitIsShownNextToItsFieldAndNothingIsSaved() throws Exception {
    browser.evaluate(
        "document.getElementById('add-cap').click();"
            + "document.querySelector('#caps .cap input').value = '-1';"
            + "document.getElementById('save').click(); true");
    browser.waitFor(
        "document.getElementById('error-caps').innerText.includes('must be >= 0')",
        Duration.ofSeconds(20));
    assertThat(
            browser
                .evaluate("document.querySelector('#caps .cap input').getAttribute('aria-invalid')")
                .asText())
        .isEqualTo("true");
    assertThat(
            call(second, "GET", "/v1/customers/" + customer + "/preferences", PREFERENCES, null)
                .statusCode())
        .as("nothing stored")
        .isEqualTo(404);
    // Chromium logs every 4xx answer of a fetch: the one bad save, and nothing else.
    assertThat(browser.consoleErrors())
        .singleElement()
        .asString()
        .contains("status of 400", "/v1/me/preferences");
    expectedConsoleErrors = 1;
  }

  @Test
  @Order(3)
  void aCalendarLimitQuietHoursAndSendHoursSavedOnThePageAreInTheGuardsStoreInTheBrowsersZone()
      throws Exception {
    browser.evaluate(
        "document.querySelector('#caps .cap input').value = '1';"
            + "document.querySelector('#caps .cap select').value = 'period:WEEK';"
            + "document.querySelectorAll('#caps .cap select')[1].value = 'SMS';"
            + "document.getElementById('add-quiet').click();"
            + "document.querySelector('#quiet .quiet input').value = '21:30';"
            + "document.querySelectorAll('#quiet .quiet input')[1].value = '07:45';"
            + "document.getElementById('add-window').click();"
            + "document.querySelector('#windows .window input').value = '10:00';"
            + "document.querySelectorAll('#windows .window input')[1].value = '19:00';"
            + "document.querySelector('#windows .window input[data-day=SATURDAY]').click();"
            + "document.querySelector('#windows .window input[data-day=SUNDAY]').click();"
            + "document.getElementById('save').click(); true");
    browser.waitFor(
        "document.getElementById('saved').innerText.startsWith('Saved')", Duration.ofSeconds(20));
    JsonNode stored = awaitStoredPreferences(p -> p.path("quietHours").size() == 1);
    assertThat(stored.path("zone").asText()).isEqualTo(BROWSER_ZONE.getId());
    JsonNode cap = stored.path("caps").get(0);
    assertThat(cap.path("max").asInt()).isEqualTo(1);
    assertThat(cap.path("period").asText()).as("a calendar week").isEqualTo("WEEK");
    assertThat(cap.has("window")).as("a calendar cap has no rolling window").isFalse();
    assertThat(cap.path("channels").toString()).isEqualTo("[\"SMS\"]");
    JsonNode quiet = stored.path("quietHours").get(0);
    assertThat(quiet.path("start").asText()).isEqualTo("21:30");
    assertThat(quiet.path("end").asText()).isEqualTo("07:45");
    JsonNode window = stored.path("sendWindows").get(0);
    assertThat(window.path("start").asText()).isEqualTo("10:00");
    assertThat(window.path("end").asText()).isEqualTo("19:00");
    assertThat(window.path("days").toString())
        .as("weekdays only")
        .doesNotContain("SAT", "SUN")
        .contains("MON", "FRI");
    // The guard judges with it: the customer's cap now shows in the owner's budget for SMS.
    JsonNode budget =
        okJson(
            call(first, "GET", "/v1/customers/" + customer + "/budget?channel=SMS", READER, null));
    assertThat(budget.path("caps").toString()).contains("customer/" + cap.path("id").asText());
    assertThat(budget.path("quietHours").path("zone").asText()).isEqualTo(BROWSER_ZONE.getId());
    // The page asks again what is waiting a second after a save; the picture shows it.
    Thread.sleep(1500);
    browser.screenshot("preference-centre.png");
  }

  @Test
  @Order(4)
  void aSnoozeAndAnOptOutSavedOnThePageDecideTheNextMessages() throws Exception {
    LocalDate until = LocalDate.now(BROWSER_ZONE).plusDays(3);
    browser.evaluate(
        "document.getElementById('snooze').value = '"
            + until
            + "';"
            + "document.getElementById('optout-EMAIL-MARKETING').click();"
            + "document.getElementById('overflow-drop').click();"
            + "document.getElementById('save').click(); true");
    browser.waitFor(
        "document.getElementById('saved').innerText.startsWith('Saved')", Duration.ofSeconds(20));
    JsonNode stored = awaitStoredPreferences(p -> p.has("snoozeUntil"));
    assertThat(Instant.parse(stored.path("snoozeUntil").asText()))
        .isEqualTo(until.atStartOfDay(BROWSER_ZONE).toInstant());
    assertThat(stored.path("optOuts").toString())
        .isEqualTo("[{\"channel\":\"EMAIL\",\"category\":\"MARKETING\"}]");
    assertThat(stored.path("overflowAction").asText()).isEqualTo("DROP");
    // The record on the contact-preferences topic is what every instance applies.
    assertThat(lastPreferencesRecord(customer)).isNotEmpty();

    ContactDecision optedOut =
        awaitDecision(send(customer, Channel.EMAIL, "MARKETING", "acme"), d -> true);
    assertThat(optedOut.getReason().name()).isEqualTo("OPTED_OUT");
    ContactDecision snoozed =
        awaitDecision(send(customer, Channel.SMS, "SERVICE", "acme"), d -> true);
    assertThat(snoozed.getDecision().name()).isEqualTo("DROPPED");
    assertThat(snoozed.getReason().name()).isEqualTo("SNOOZED");
    ContactDecision security =
        awaitDecision(send(customer, Channel.EMAIL, "SECURITY", "acme"), d -> true);
    assertThat(security.getDecision().name()).isEqualTo("APPROVED");

    assertThat(browser.consoleErrors()).hasSize(expectedConsoleErrors);
  }

  @Test
  @Order(5)
  void aLinkReachesOnlyItsOwnCustomer() throws Exception {
    for (GuardApplication app : List.of(first, second)) {
      JsonNode history = okJson(call(app, "GET", "/v1/me/history", token, null));
      assertThat(history.path("customerId").asText()).isEqualTo(customer);
    }
    HttpResponse<String> foreignWrite =
        call(
            first,
            "PUT",
            "/v1/me/preferences",
            token,
            "{\"customerId\":\"" + other + "\",\"optOuts\":[{}]}");
    assertThat(foreignWrite.statusCode()).isEqualTo(400);
    assertThat(call(first, "GET", "/v1/customers/" + other + "/held", token, null).statusCode())
        .isEqualTo(403);
    assertThat(
            call(first, "DELETE", "/v1/customers/" + other + "/preferences", token, null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            call(second, "GET", "/v1/customers/" + other + "/preferences", PREFERENCES, null)
                .statusCode())
        .as("the other customer is untouched")
        .isEqualTo(404);
  }

  /**
   * Not a timed assertion: prints how long after a 202 from PUT /v1/me/preferences the first
   * message is judged by the new preferences (bench/RESULTS.md quotes it).
   */
  @Test
  @Order(7)
  void measuresTheDelayFromSaveToTheFirstDecisionUnderTheNewPreferences() throws Exception {
    List<Long> delays = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      boolean refuse = round % 2 == 0;
      String body =
          refuse ? "{\"optOuts\":[{\"channel\":\"PUSH\",\"category\":\"NEWSLETTER\"}]}" : "{}";
      HttpResponse<String> saved = call(first, "PUT", "/v1/me/preferences", token, body);
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(202);
      long savedAt = System.currentTimeMillis();
      // Probes in batches of 40, 25 ms apart, until one is judged under the new preferences:
      // the window never closes before the change arrives, however loaded the machine.
      Long delay = null;
      while (delay == null && System.currentTimeMillis() - savedAt < 60_000) {
        List<String> probes = new ArrayList<>();
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          probes.add(send(customer, Channel.PUSH, "NEWSLETTER", "acme"));
          sentAt.add(System.currentTimeMillis());
          Thread.sleep(25);
        }
        Map<String, ContactDecision> decided = decisions(probes);
        for (int i = 0; i < probes.size() && delay == null; i++) {
          ContactDecision d = decided.get(probes.get(i));
          boolean optedOut = d.getReason() != null && d.getReason().name().equals("OPTED_OUT");
          if (optedOut == refuse) {
            delay = sentAt.get(i) - savedAt;
          }
        }
      }
      if (delay != null) {
        delays.add(delay);
      }
    }
    delays.sort(Long::compare);
    System.out.printf(
        "preference-centre: save -> first decision under the new preferences, %d rounds: %s ms"
            + " (median %d ms)%n",
        delays.size(), delays, delays.isEmpty() ? -1 : delays.get(delays.size() / 2));
    assertThat(delays).as("every round saw a decision under its new preferences").hasSize(10);
  }

  @Test
  @Order(6)
  void forgetMeErasesTheCustomerFromEveryStoreAndThePageSaysWhat() throws Exception {
    // Something waiting at the moment of erasure: a snooze without the DROP overflow holds it.
    String until = Instant.now().plus(Duration.ofDays(1)).toString();
    HttpResponse<String> snooze =
        call(first, "PUT", "/v1/me/preferences", token, "{\"snoozeUntil\":\"" + until + "\"}");
    assertThat(snooze.statusCode()).as(snooze.body()).isEqualTo(202);
    awaitStoredPreferences(p -> !p.has("overflowAction"));
    String waiting = send(customer, Channel.PUSH, "MARKETING", "acme");
    awaitDecision(waiting, d -> d.getDecision().name().equals("DELAYED"));
    int contacts = okJson(call(first, "GET", "/v1/me/history", token, null)).path("total").asInt();
    assertThat(
            okJson(call(second, "GET", "/v1/customers/" + customer + "/held", READER, null))
                .path("held"))
        .hasSize(1);

    browser.evaluate(
        "document.getElementById('confirm-erase').click();"
            + "document.getElementById('erase').click(); true");
    browser.waitFor("document.getElementById('erased-list') !== null", Duration.ofSeconds(20));
    String said = browser.evaluate("document.getElementById('forget').innerText").asText();
    assertThat(said)
        .contains("the record of " + contacts + " message(s)", "1 message(s) that were waiting");
    awaitDecision(waiting, d -> d.getReason() != null && d.getReason().name().equals("ERASED"));
    assertThat(lastPreferencesRecord(customer)).as("a tombstone").isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                call(second, "GET", "/v1/customers/" + customer + "/preferences", PREFERENCES, null)
                        .statusCode()
                    == 404);
    assertThat(
            okJson(call(first, "GET", "/v1/customers/" + customer + "/held", READER, null))
                .path("held"))
        .isEmpty();
    assertThat(okJson(call(first, "GET", "/v1/me/history", token, null)).path("total").asInt())
        .isZero();
    assertThat(browser.consoleErrors()).hasSize(expectedConsoleErrors);
  }

  // --- plumbing ---

  private GuardApplication instance(Path stateDir) throws IOException {
    return new GuardApplication(
        config.with(
            Map.of(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir).toString(),
                // Two instances in one JVM: no fixed management port to share.
                GuardSetting.MANAGEMENT_PORT.key(),
                "0")));
  }

  /** A customer id whose partition the given instance owns. */
  private String ownedBy(GuardApplication app, String prefix) {
    for (int i = 0; ; i++) {
      KeyQueryMetadata meta =
          app.streams().queryMetadataForKey(StoreNames.LEDGER, prefix + i, new StringSerializer());
      if (meta.activeHost().port() == app.httpPort()) {
        return prefix + i;
      }
    }
  }

  private JsonNode awaitStoredPreferences(Predicate<JsonNode> wanted) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> r =
                  call(
                      second,
                      "GET",
                      "/v1/customers/" + customer + "/preferences",
                      PREFERENCES,
                      null);
              if (r.statusCode() != 200) {
                return false;
              }
              found[0] = JSON.readTree(r.body());
              return wanted.test(found[0]);
            });
    return found[0];
  }

  /**
   * The value of the customer's last record on contact-preferences (empty for a tombstone), read up
   * to the topic's committed end at the time of the call.
   */
  private byte[] lastPreferencesRecord(String customerId) {
    byte[][] last = new byte[1][];
    boolean[] seen = new boolean[1];
    String topic = config.topic(GuardSetting.TOPIC_PREFERENCES);
    try (KafkaConsumer<String, byte[]> consumer = reader(List.of())) {
      CommittedRecords.readToEnd(
          consumer,
          topic,
          r -> {
            if (r.key().equals(customerId)) {
              last[0] = r.value();
              seen[0] = true;
            }
          });
    }
    assertThat(seen[0]).as("a record for %s on contact-preferences", customerId).isTrue();
    return last[0] == null ? new byte[0] : last[0];
  }

  private String send(String customerId, Channel channel, String category, String tenant) {
    String id = "pc-m-" + messageIds.incrementAndGet();
    OutboundMessage m =
        OutboundMessage.newBuilder()
            .setMessageId(id)
            .setCustomerId(customerId)
            .setTenant(tenant)
            .setChannel(channel)
            .setCategory(category)
            .setPriority(1)
            .setCreatedAt(Instant.now())
            .setDeferrable(true)
            .build();
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    producer.send(new ProducerRecord<>(input, customerId, serializer.serialize(input, m)));
    producer.flush();
    return id;
  }

  private ContactDecision awaitDecision(String messageId, Predicate<ContactDecision> wanted) {
    Map<String, ContactDecision> found = decisions(List.of(messageId), wanted);
    return found.get(messageId);
  }

  private Map<String, ContactDecision> decisions(List<String> messageIds) {
    return decisions(messageIds, d -> true);
  }

  /** The first decision (matching {@code wanted}) of each message, read committed. */
  private Map<String, ContactDecision> decisions(
      List<String> messageIds, Predicate<ContactDecision> wanted) {
    SpecificAvroDeserializer<ContactDecision> deserializer =
        new SpecificAvroDeserializer<>(ContactDecision.class);
    deserializer.configure(config.serdeConfig(), false);
    Map<String, ContactDecision> found = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        reader(config.topic(GuardSetting.TOPIC_DECISIONS))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  ContactDecision d = deserializer.deserialize(r.topic(), r.value());
                  if (messageIds.contains(d.getMessageId()) && wanted.test(d)) {
                    found.putIfAbsent(d.getMessageId(), d);
                  }
                }
                return found.keySet().containsAll(messageIds);
              });
    }
    return found;
  }

  private KafkaConsumer<String, byte[]> reader(String topic) {
    KafkaConsumer<String, byte[]> consumer = reader(List.of());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** A read_committed consumer subscribed to {@code topics} (none: for assign). */
  private KafkaConsumer<String, byte[]> reader(List<String> topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaEndpoint.uniqueName("pc-reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    if (!topics.isEmpty()) {
      consumer.subscribe(topics);
    }
    return consumer;
  }

  /** Retries 503 (rebalances happen while instances settle), so assertions see the real answer. */
  private HttpResponse<String> call(
      GuardApplication app, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = null;
    for (int attempt = 0; attempt < 40; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
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

  /**
   * The release time as a reader in {@link #BROWSER_ZONE} is told it at {@code now}: the time alone
   * on the same day, "tomorrow" before it on the next (the hold here is at most an hour long).
   */
  private static String releaseInBrowserZone(Instant releaseAt, Instant now) {
    ZonedDateTime release = releaseAt.atZone(BROWSER_ZONE);
    String time = DateTimeFormatter.ofPattern("HH:mm").format(release);
    return release.toLocalDate().equals(now.atZone(BROWSER_ZONE).toLocalDate())
        ? time
        : "tomorrow " + time;
  }

  private static JsonNode okJson(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
