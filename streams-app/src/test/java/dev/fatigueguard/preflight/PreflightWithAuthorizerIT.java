package dev.fatigueguard.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.EmbeddedKafkaBroker;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.topology.TopicPlan;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a cluster with an authorizer the ACL checks ask the broker what this principal may do, instead
 * of reporting that ACLs are not enforced. A broker of its own: the shared one has no authorizer.
 * Its plaintext listeners authenticate everyone as ANONYMOUS, which must be a super user for the
 * broker to talk to itself, so this covers the granted side; a denied principal needs SASL.
 */
class PreflightWithAuthorizerIT {

  private static EmbeddedKafkaBroker broker;

  @TempDir Path tmp;

  @BeforeAll
  static void startBrokerWithAuthorizer() {
    broker =
        EmbeddedKafkaBroker.builder()
            .brokerProperty(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .brokerProperty("super.users", "User:ANONYMOUS")
            .start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aPrincipalWithEveryRightPassesTheAclChecks() throws Exception {
    String run = KafkaEndpoint.uniqueName("acl");
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://" + run);
    settings.put(GuardSetting.HTTP_PORT.key(), "0");
    settings.put(GuardSetting.REQUIRE_POLICY.key(), "false");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, tmp.toString());
    GuardConfig config = GuardConfig.of(settings, Map.of());
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      new TopicPlan(config).createMissing(admin, 2, (short) 1);
    }

    PreflightReport report = Preflight.run(config);

    assertThat(report.ok()).as(String.join("\n", report.lines())).isTrue();
    List<CheckResult> acls =
        report.results().stream().filter(r -> r.check().startsWith("ACLs")).toList();
    assertThat(acls)
        .extracting(CheckResult::check)
        .containsExactly(
            "ACLs topics",
            "ACLs group " + run,
            "ACLs transactional ids " + run + "-*",
            "ACLs internal topics " + run + "-*");
    assertThat(acls)
        .extracting(CheckResult::status)
        .containsExactly(
            CheckResult.Status.PASS,
            CheckResult.Status.NOTE,
            CheckResult.Status.PASS,
            CheckResult.Status.PASS);
    assertThat(acls.get(1).detail())
        .isEqualTo(
            "Describe allowed; the group does not exist yet, so Read cannot be verified before the"
                + " guard first joins it");
  }
}
