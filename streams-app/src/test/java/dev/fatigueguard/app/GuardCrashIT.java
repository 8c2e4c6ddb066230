package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.serde.registry.EmulatedRegistry;
import dev.fatigueguard.topology.TopicPlan;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC invariant 2 across a real crash: the guard runs as {@code fatigue-guard run} in a child JVM
 * and is killed with SIGKILL while it is processing — no shutdown hook, no commit, an open
 * transaction — then started again on the same state directory. Nothing may be lost or emitted
 * twice.
 *
 * <p>The child and this test must agree on schema ids, so they share a registry over HTTP: the
 * serde module's emulation of the Confluent REST API (no real registry can run on these machines).
 */
@WithKafka
class GuardCrashIT {

  @Test
  void aGuardKilledMidStreamLosesNothingAndEmitsNothingTwice(KafkaEndpoint kafka, @TempDir Path tmp)
      throws Exception {
    try (EmulatedRegistry registry = EmulatedRegistry.start()) {
      String run = KafkaEndpoint.uniqueName("crash");
      GuardConfig config =
          GuardExactlyOnceIT.config(kafka, run, tmp.resolve("state"))
              .with(
                  Map.of(
                      GuardConfig.SCHEMA_REGISTRY_URL,
                      registry.url(),
                      // The killed member never says goodbye; let the group notice within seconds,
                      // not 45 s.
                      "session.timeout.ms",
                      "6000",
                      StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                      "1"));
      try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
        new TopicPlan(config).createMissing(admin, 3, (short) 1);
      }
      TrafficScript.publishRules(config);
      Path configFile = tmp.resolve("guard.properties");
      Properties file = new Properties();
      config.describe().keySet().forEach(k -> file.put(k, config.serdeConfig().get(k).toString()));
      try (Writer w = Files.newBufferedWriter(configFile)) {
        file.store(w, "written by GuardCrashIT");
      }

      try (TrafficScript traffic = new TrafficScript(kafka, config)) {
        Process guard = startGuard(configFile, tmp.resolve("guard-1.log"));
        traffic.send(2500);
        // Kill it while it is busy: once some decisions are committed, but before it can have
        // caught up.
        OutcomeAudit.awaitDecisions(kafka, config, 200, Duration.ofMinutes(2));
        traffic.send(500);
        guard.destroyForcibly();
        assertThat(guard.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(guard.exitValue()).as("killed, not exited cleanly").isNotZero();
        // Each decided message has one decision here (holds last an hour): fewer committed
        // decisions than messages means the kill interrupted work, which is what this test is for.
        int sentBeforeKill = traffic.sends().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(OutcomeAudit.committedDecisions(kafka, config))
            .as("committed decisions at the kill, of %d messages sent", sentBeforeKill)
            .isLessThan(sentBeforeKill);

        Process restarted = startGuard(configFile, tmp.resolve("guard-2.log"));
        try {
          traffic.send(1000);
          OutcomeAudit audit =
              OutcomeAudit.collect(kafka, config, traffic.sends(), Duration.ofMinutes(4));
          audit.assertExactlyOneOutcomeEach(traffic.sends(), null);
          audit.assertApprovedTopicMatchesDecisions();
          audit.assertNoCapExceeded(TrafficScript.CAPS, TrafficScript.EXEMPT);
          assertThat(audit.outcomeCounts())
              .containsKeys("APPROVED", "DROPPED/CAP_EXCEEDED", "DROPPED/DUPLICATE");
        } finally {
          restarted.destroy();
          restarted.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      }
    }
  }

  private static Process startGuard(Path configFile, Path log) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                classpath,
                "dev.fatigueguard.cli.FatigueGuardCommand",
                "run",
                "--config",
                configFile.toString()));
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Process p = builder.start();
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(p.isAlive()).as("the guard must start; see %s", log).isTrue();
    return p;
  }
}
