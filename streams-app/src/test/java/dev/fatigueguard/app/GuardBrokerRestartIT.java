package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.embedded.EmbeddedKafkaBroker;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.topology.TopicPlan;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC invariant 2 across a broker restart: the only broker of the cluster stops cleanly and comes
 * back on the same ports and log directory while the guard is working through a backlog under
 * exactly_once_v2. Every message still ends in exactly one terminal outcome (or is held), and the
 * approved topic read {@code read_committed} holds each approved message once.
 *
 * <p>Runs on the embedded broker whatever backend the other ITs use: it must stop and start the
 * broker itself.
 */
class GuardBrokerRestartIT {

  @Test
  void everyMessageEndsExactlyOnceAcrossARestartOfTheBroker(@TempDir Path tmp) throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      GuardConfig config =
          GuardExactlyOnceIT.config(kafka, KafkaEndpoint.uniqueName("broker-restart"), tmp);
      try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
        new TopicPlan(config).createMissing(admin, 3, (short) 1);
      }
      TrafficScript.publishRules(config);

      try (GuardApplication guard = new GuardApplication(config);
          TrafficScript traffic = new TrafficScript(kafka, config)) {
        guard.start();
        GuardExactlyOnceIT.awaitRunning(guard);
        traffic.send(1500);
        // Mid-stream: some decisions are committed, the rest of the backlog is still to come.
        OutcomeAudit.awaitDecisions(kafka, config, 100, Duration.ofMinutes(2));
        kafka.restart();
        traffic.send(1500);

        OutcomeAudit audit =
            OutcomeAudit.collect(kafka, config, traffic.sends(), Duration.ofMinutes(4));
        GuardExactlyOnceIT.awaitRunning(guard);
        audit.assertExactlyOneOutcomeEach(traffic.sends(), GuardExactlyOnceIT.heldInStore(guard));
        audit.assertApprovedTopicMatchesDecisions();
        audit.assertNoCapExceeded(TrafficScript.CAPS, TrafficScript.EXEMPT);
        assertThat(audit.outcomeCounts()).containsKeys("APPROVED", "DROPPED/DUPLICATE");
      }
    }
  }
}
