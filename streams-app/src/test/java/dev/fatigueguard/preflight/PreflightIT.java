package dev.fatigueguard.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.TopicSpec;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.serde.registry.EmulatedRegistry;
import dev.fatigueguard.topology.TopicPlan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fatigue-guard check} against the embedded broker and the emulated registry: each check
 * passes on a ready cluster, and each failure a platform team meets in its first hour is reported
 * with the setting and the fix.
 */
@WithKafka
class PreflightIT {

  private static final String POLICY =
      """
      {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":1,"window":"P1D"}]}""";

  @TempDir Path tmp;

  private final KafkaEndpoint kafka;
  private EmulatedRegistry registry;
  private String run;

  PreflightIT(KafkaEndpoint kafka) {
    this.kafka = kafka;
  }

  @BeforeEach
  void startRegistry() throws IOException {
    registry = EmulatedRegistry.start();
    run = KafkaEndpoint.uniqueName("preflight");
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private GuardConfig config(String... overrides) throws IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, registry.url());
    settings.put(GuardSetting.HTTP_PORT.key(), "0");
    settings.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(tmp.resolve("state")).toString());
    for (GuardSetting setting : GuardSetting.values()) {
      if (setting.key().startsWith("guard.topic.")) {
        settings.put(setting.key(), run + "." + setting.defaultValue());
      }
    }
    for (int i = 0; i < overrides.length; i += 2) {
      settings.put(overrides[i], overrides[i + 1]);
    }
    return GuardConfig.of(settings, Map.of());
  }

  private static void createTopics(GuardConfig config) throws Exception {
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      new TopicPlan(config).createMissing(admin, 2, (short) 1);
    }
  }

  private static void publishPolicy(GuardConfig config) throws IOException {
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      publisher.publish(PolicyJson.readPolicy(POLICY.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private GuardConfig ready(String... overrides) throws Exception {
    GuardConfig config = config(overrides);
    createTopics(config);
    publishPolicy(config);
    return config;
  }

  private static CheckResult result(PreflightReport report, String check) {
    return report.results().stream()
        .filter(r -> r.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check '" + check + "' in " + report.lines()));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aReadyClusterPassesEveryCheck() throws Exception {
    GuardConfig config = ready();

    PreflightReport report = Preflight.run(config);

    assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
    assertThat(result(report, "broker").detail())
        .contains("bootstrap.servers=" + kafka.bootstrapServers())
        .contains("security.protocol=PLAINTEXT")
        .contains("1 broker");
    assertThat(result(report, "ACLs").status()).isEqualTo(CheckResult.Status.NOTE);
    assertThat(result(report, "ACLs").detail()).isEqualTo("no authorizer: ACLs not enforced");
    assertThat(result(report, "topic " + config.topic(GuardSetting.TOPIC_PREFERENCES)).line())
        .startsWith("✓ ")
        .contains("2 partitions, cleanup.policy=compact");
    assertThat(result(report, "co-partitioning").status()).isEqualTo(CheckResult.Status.PASS);
    assertThat(result(report, "policy").detail()).startsWith("1 policy published");
    assertThat(result(report, "registry").detail()).contains(registry.url() + " answered");
    assertThat(result(report, "schemas").detail())
        .isEqualTo(
            "8 subjects: 1 with the guard's schema as latest version, 0 with an older version it"
                + " is compatible with, 7 without a version (registered on first write)");
    assertThat(result(report, "state.dir").status()).isEqualTo(CheckResult.Status.PASS);
    assertThat(result(report, "http port").status()).isEqualTo(CheckResult.Status.PASS);
  }

  @Test
  void aWrongAddressFailsNamingTheSettingAndSkipsWhatNeedsABroker() throws Exception {
    String nowhere = "127.0.0.1:" + closedPort();
    GuardConfig config = ready().with(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere));

    PreflightReport report = Preflight.run(config);

    assertThat(report.ok()).isFalse();
    CheckResult broker = result(report, "broker");
    assertThat(broker.status()).isEqualTo(CheckResult.Status.FAIL);
    assertThat(broker.detail())
        .isEqualTo(
            "bootstrap.servers="
                + nowhere
                + ": no broker answered ("
                + nowhere
                + ": connection refused)");
    assertThat(broker.fix()).contains("bootstrap.servers");
    assertThat(result(report, "ACLs, topics, policy").status()).isEqualTo(CheckResult.Status.NOTE);
    assertThat(report.failures()).containsExactly(broker);
  }

  @Test
  void aMissingTopicIsNamedWithTheCommandThatCreatesIt() throws Exception {
    GuardConfig config = config();
    String dlq = config.topic(GuardSetting.TOPIC_DLQ);
    kafka.createTopics(
        new TopicPlan(config)
            .topics().stream()
                .filter(t -> !t.name().equals(dlq))
                .map(
                    t ->
                        new TopicSpec(
                            t.name(),
                            2,
                            t.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()))
                .toList());
    publishPolicy(config);

    PreflightReport report = Preflight.run(config);

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo("topic " + dlq);
              assertThat(r.detail()).isEqualTo("does not exist (unreadable input)");
              assertThat(r.fix()).startsWith("fatigue-guard topics --config FILE --create");
            });
  }

  @Test
  void preferencesWithAnotherPartitionCountThanTheInputFailCoPartitioning() throws Exception {
    GuardConfig config = config();
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    String preferences = config.topic(GuardSetting.TOPIC_PREFERENCES);
    kafka.createTopics(
        new TopicSpec(input, 3, Map.of()),
        new TopicSpec(preferences, 2, Map.of("cleanup.policy", "compact")));
    createTopics(config);
    publishPolicy(config);

    PreflightReport report = Preflight.run(config);

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo("co-partitioning");
              assertThat(r.detail())
                  .startsWith(input + " has 3 partitions, " + preferences + " has 2: they must be");
              assertThat(r.fix()).startsWith("recreate " + preferences + " with 3 partitions");
            });
  }

  @Test
  void aPreferencesTopicThatIsNotCompactedFails() throws Exception {
    GuardConfig config = config();
    String preferences = config.topic(GuardSetting.TOPIC_PREFERENCES);
    kafka.createTopics(new TopicSpec(preferences, 2, Map.of("cleanup.policy", "delete")));
    createTopics(config);
    publishPolicy(config);

    PreflightReport report = Preflight.run(config);

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo("topic " + preferences);
              assertThat(r.detail())
                  .startsWith("2 partitions, cleanup.policy=delete, but customer preferences need")
                  .contains("cleanup.policy=compact");
              assertThat(r.fix())
                  .contains(
                      "--entity-name " + preferences + " --add-config cleanup.policy=compact");
            });
  }

  @Test
  void noPublishedPolicyFailsUnlessPoliciesAreNotRequired() throws Exception {
    GuardConfig config = config();
    createTopics(config);

    PreflightReport required = Preflight.run(config);
    PreflightReport optional =
        Preflight.run(config.with(Map.of(GuardSetting.REQUIRE_POLICY.key(), "false")));

    assertThat(required.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo("policy");
              assertThat(r.detail())
                  .startsWith(
                      "no policy published in " + config.topic(GuardSetting.TOPIC_POLICIES));
              assertThat(r.fix())
                  .contains("fatigue-guard policy publish")
                  .contains("guard.require-policy=false");
            });
    assertThat(optional.ok()).isTrue();
    assertThat(result(optional, "policy").status()).isEqualTo(CheckResult.Status.NOTE);
  }

  @Test
  void aRegistryThatIsDownFailsNamingTheSetting() throws Exception {
    GuardConfig ready = ready();
    String nowhere = "http://127.0.0.1:" + closedPort();
    GuardConfig config = ready.with(Map.of(GuardConfig.SCHEMA_REGISTRY_URL, nowhere));

    PreflightReport report = Preflight.run(config);

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo("registry");
              assertThat(r.detail())
                  .isEqualTo(
                      "schema.registry.url="
                          + nowhere
                          + ": no registry answered (connection refused)");
            });
    assertThat(result(report, "schemas").status()).isEqualTo(CheckResult.Status.NOTE);
  }

  @Test
  void aRegistryThatRefusesTheCredentialsFailsWithHowToSendThem() throws Exception {
    GuardConfig config = ready();
    registry.requireAuthorization(
        "Basic " + Base64.getEncoder().encodeToString("guard:secret".getBytes()));

    PreflightReport refused = Preflight.run(config);
    PreflightReport accepted =
        Preflight.run(
            config.with(
                Map.of(
                    "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", "guard:secret")));

    assertThat(refused.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo("registry");
              assertThat(r.detail()).contains("answered HTTP 401");
              assertThat(r.fix()).contains("basic.auth.user.info=user:password");
            });
    assertThat(accepted.ok()).as(String.join("\n", accepted.lines())).isTrue();
    assertThat(result(accepted, "registry").detail()).endsWith("and accepted the credentials");
  }

  @Test
  void aSubjectWhoseRegisteredVersionIsIncompatibleFails() throws Exception {
    GuardConfig config = ready();
    String subject = config.topic(GuardSetting.TOPIC_DECISIONS) + "-value";
    registry.putSchema(
        subject,
        "{\"type\":\"record\",\"name\":\"ContactDecision\",\"namespace\":\"dev.fatigueguard.avro\","
            + "\"fields\":[{\"name\":\"messageId\",\"type\":\"int\"}]}",
        null,
        null);

    PreflightReport report = Preflight.run(config);

    assertThat(report.failures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo("schema " + subject);
              assertThat(r.detail())
                  .isEqualTo(
                      "version 1 (id 2) is not compatible with the guard's"
                          + " dev.fatigueguard.avro.ContactDecision: the registry would refuse the"
                          + " guard's schema");
            });
  }

  @Test
  void anUnwritableStateDirAndABusyHttpPortFail() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-directory"), "");
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      GuardConfig config =
          ready(
              StreamsConfig.STATE_DIR_CONFIG,
              file.toString(),
              GuardSetting.HTTP_BIND_ADDRESS.key(),
              "127.0.0.1",
              GuardSetting.HTTP_PORT.key(),
              String.valueOf(busy.getLocalPort()));

      PreflightReport report = Preflight.run(config);

      assertThat(report.failures())
          .extracting(CheckResult::check)
          .containsExactly("state.dir", "http port");
      assertThat(result(report, "http port").detail())
          .startsWith("guard.http.port=" + busy.getLocalPort() + " cannot be bound on 127.0.0.1");
    }
  }

  @Test
  void theJsonReportCarriesEveryCheckForAutomation() throws Exception {
    GuardConfig config = config();
    createTopics(config);

    JsonNode json = new ObjectMapper().readTree(Preflight.run(config).json());

    assertThat(json.get("ok").asBoolean()).isFalse();
    List<String> failed =
        json.get("checks").findParents("status").stream()
            .filter(c -> c.get("status").asText().equals("fail"))
            .map(c -> c.get("check").asText())
            .toList();
    assertThat(failed).containsExactly("policy");
    assertThat(json.get("checks").get(0).get("check").asText()).isEqualTo("broker");
    assertThat(json.get("checks").get(0).get("status").asText()).isEqualTo("pass");
  }
}
