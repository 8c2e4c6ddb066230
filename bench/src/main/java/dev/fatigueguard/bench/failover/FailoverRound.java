package dev.fatigueguard.bench.failover;

import dev.fatigueguard.bench.e2e.BenchCluster;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.TopicSpec;
import dev.fatigueguard.topology.TopicPlan;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One measured round on fresh topics and a fresh application id, so rounds never share offsets,
 * state or group history.
 */
public final class FailoverRound {

  /** How long one round took from the event to the first approval it was waiting for. */
  public record Outcome(
      double seconds, long restoredRecords, String note, Map<String, Long> timeline) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%.2f s (restored %d records) %s", seconds, restoredRecords, note);
    }
  }

  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final int CUSTOMERS = 10_000;

  private final BenchCluster cluster;
  private final String registryUrl;
  private final Path dir;
  private final int partitions;
  private final GuardLauncher launcher;
  private final String prefix = "fo-" + UUID.randomUUID().toString().substring(0, 8);

  public FailoverRound(
      BenchCluster cluster, String registryUrl, Path dir, int partitions, GuardLauncher launcher) {
    this.launcher = launcher;
    this.cluster = cluster;
    this.registryUrl = registryUrl;
    this.dir = dir;
    this.partitions = partitions;
  }

  /** SIGTERM to a single instance, then the same instance again: start → first approval. */
  public Outcome cleanRestart(int rate, Map<String, String> extra) throws Exception {
    GuardConfig config = prepare("solo", extra);
    Path file = write(config, "solo");
    try (SteadyTraffic traffic = traffic(config, rate);
        ApprovalWatch watch = watch(config, traffic)) {
      GuardProcess guard = GuardProcess.start(file, dir.resolve("solo.log"), launcher);
      GuardProcess again = null;
      try {
        awaitAllPartitions(watch, System.nanoTime(), guard);
        Thread.sleep(3000);
        if (launcher.script() != null) {
          guard.awaitClassDataArchive(Duration.ofMinutes(2));
        }
        long sigterm = System.nanoTime();
        long exitedAt = guard.stop();
        again = guard.restart();
        // The old process is gone, so whatever is approved from now on was approved by the new one.
        GuardProcess restarted = again;
        long seen =
            watch.firstSeen(allPartitions(), again.startedNanos(), WAIT, restarted::isAlive);
        if (seen < 0) {
          throw new IllegalStateException(
              (again.isAlive() ? "no approval after the restart" : "the restarted guard exited")
                  + "; see "
                  + guard.log());
        }
        Thread.sleep(1000);
        List<GuardProcess.RunningLine> lines = again.runningLines();
        GuardProcess.RunningLine running = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        Map<String, Long> timeline = new LinkedHashMap<>();
        timeline.put("sigterm→exit", (exitedAt - sigterm) / 1_000_000);
        timeline.putAll(again.lastTimeline());
        timeline.put("approval seen", (seen - again.startedNanos()) / 1_000_000);
        return new Outcome(
            (seen - again.startedNanos()) / 1e9,
            running == null ? -1 : running.restoredRecords(),
            String.format(
                Locale.ROOT,
                "(old process exited %.1f s after SIGTERM; new one RUNNING %.1f s after"
                    + " KafkaStreams.start())",
                (exitedAt - sigterm) / 1e9,
                running == null ? -1 : running.millis() / 1e3),
            timeline);
      } finally {
        if (again != null) {
          again.stop();
        }
        if (guard.isAlive()) {
          guard.kill();
        }
      }
    }
  }

  /**
   * Two instances with standby replicas; {@code kill -9} of one: kill → first approval of a message
   * for one of its customers.
   */
  public Outcome killOneOfTwo(int rate, Map<String, String> extra) throws Exception {
    GuardConfig config = prepare("pair", extra);
    Path fileA = write(config.with(Map.of(GuardSetting.INSTANCE_ID.key(), "guard-a")), "a");
    Path fileB = write(config.with(Map.of(GuardSetting.INSTANCE_ID.key(), "guard-b")), "b");
    try (SteadyTraffic traffic = traffic(config, rate);
        ApprovalWatch watch = watch(config, traffic)) {
      long t0 = System.nanoTime();
      GuardProcess a = GuardProcess.start(fileA, dir.resolve("a.log"), launcher);
      GuardProcess b = GuardProcess.start(fileB, dir.resolve("b.log"), launcher);
      try {
        awaitAllPartitions(watch, t0, a);
        Set<Integer> owned = awaitSplit(config.applicationId(), config);
        // Let the standbys catch up with a few seconds of traffic.
        Thread.sleep(5000);
        if (launcher.script() != null) {
          // As in a steady state: both have written their archives, and neither is writing now.
          a.awaitClassDataArchive(Duration.ofMinutes(2));
          b.awaitClassDataArchive(Duration.ofMinutes(2));
        }
        int linesBefore = b.runningLines().size();
        long killedAt = a.kill();
        // Only a message sent after the kill cannot have been approved by the killed instance.
        long seen = watch.firstApproval(owned, killedAt, WAIT);
        if (seen < 0) {
          throw new IllegalStateException("no approval after the kill; see " + b.log());
        }
        Thread.sleep(1000);
        List<GuardProcess.RunningLine> lines = b.runningLines();
        long restored = 0;
        for (GuardProcess.RunningLine line : lines.subList(linesBefore, lines.size())) {
          restored += line.restoredRecords();
        }
        return new Outcome(
            (seen - killedAt) / 1e9,
            restored,
            "(partitions of the killed one: " + owned + ")",
            Map.of());
      } finally {
        b.stop();
        if (a.isAlive()) {
          a.stop();
        }
      }
    }
  }

  private GuardConfig prepare(String name, Map<String, String> extra) throws Exception {
    Map<String, String> s = new HashMap<>();
    s.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
    s.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "-" + name);
    s.put(GuardConfig.SCHEMA_REGISTRY_URL, registryUrl);
    s.put(GuardSetting.TOPIC_INPUT.key(), prefix + ".outbound-messages");
    s.put(GuardSetting.TOPIC_PREFERENCES.key(), prefix + ".contact-preferences");
    s.put(GuardSetting.TOPIC_POLICIES.key(), prefix + ".contact-policies");
    for (GuardSetting topic :
        List.of(
            GuardSetting.TOPIC_APPROVED,
            GuardSetting.TOPIC_SUPPRESSED,
            GuardSetting.TOPIC_DECISIONS,
            GuardSetting.TOPIC_DLQ,
            GuardSetting.TOPIC_METRICS)) {
      s.put(topic.key(), prefix + "." + topic.defaultValue());
    }
    s.put(GuardSetting.HTTP_PORT.key(), "0");
    s.put(GuardSetting.MANAGEMENT_PORT.key(), "0");
    // No policy: every message is judged against (absent) customer preferences and approved, so
    // every approval is a sign of life.
    s.put(GuardSetting.REQUIRE_POLICY.key(), "false");
    s.putAll(extra);
    GuardConfig config = GuardConfig.of(s, Map.of());
    cluster.create(
        List.of(
            TopicSpec.of(config.topic(GuardSetting.TOPIC_INPUT), partitions),
            TopicSpec.compacted(config.topic(GuardSetting.TOPIC_PREFERENCES), partitions),
            TopicSpec.compacted(config.topic(GuardSetting.TOPIC_POLICIES), 1)));
    new TopicPlan(config).createMissing(cluster.admin(), partitions, (short) 1);
    return config;
  }

  private Path write(GuardConfig config, String name) throws IOException {
    Files.createDirectories(dir);
    Properties file = new Properties();
    config.serdeConfig().forEach((k, v) -> file.put(k, v.toString()));
    file.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + name).toString());
    Path path = dir.resolve(name + ".properties");
    try (Writer w = Files.newBufferedWriter(path)) {
      file.store(w, "written by the failover benchmark");
    }
    return path;
  }

  private SteadyTraffic traffic(GuardConfig config, int rate) {
    return new SteadyTraffic(
        cluster.bootstrap(),
        config.topic(GuardSetting.TOPIC_INPUT),
        config.serdeConfig(),
        CUSTOMERS,
        rate);
  }

  private ApprovalWatch watch(GuardConfig config, SteadyTraffic traffic) {
    return new ApprovalWatch(
        cluster.bootstrap(),
        config.topic(GuardSetting.TOPIC_APPROVED),
        partitions,
        config.serdeConfig(),
        traffic.sentNanos());
  }

  private Set<Integer> allPartitions() {
    Set<Integer> all = new HashSet<>();
    for (int i = 0; i < partitions; i++) {
      all.add(i);
    }
    return all;
  }

  private void awaitAllPartitions(ApprovalWatch watch, long since, GuardProcess guard)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (watch.partitionsApprovedSince(since).size() < partitions) {
      if (System.nanoTime() > deadline || !guard.isAlive()) {
        throw new IllegalStateException(
            (guard.isAlive() ? "no approval on every partition within " + WAIT : "the guard died")
                + "; see "
                + guard.log());
      }
      Thread.sleep(100);
    }
  }

  /** Waits until both members hold input partitions; returns guard-a's. */
  private Set<Integer> awaitSplit(String applicationId, GuardConfig config) throws Exception {
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerGroupDescription group =
          cluster
              .admin()
              .describeConsumerGroups(List.of(applicationId))
              .all()
              .get()
              .get(applicationId);
      Set<Integer> a = new HashSet<>();
      Set<Integer> b = new HashSet<>();
      for (MemberDescription m : group.members()) {
        String id = m.groupInstanceId().orElse("");
        for (TopicPartition tp : m.assignment().topicPartitions()) {
          if (tp.topic().equals(input)) {
            (id.startsWith("guard-a") ? a : b).add(tp.partition());
          }
        }
      }
      if (!a.isEmpty() && !b.isEmpty() && a.size() + b.size() == partitions) {
        return a;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the two guards never split the partitions");
  }
}
