package dev.fatigueguard.bench;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.bench.e2e.BenchCluster;
import dev.fatigueguard.bench.e2e.CommitWatcher;
import dev.fatigueguard.bench.e2e.PassThroughTopology;
import dev.fatigueguard.bench.e2e.Preloader;
import dev.fatigueguard.bench.e2e.RunResult;
import dev.fatigueguard.bench.e2e.Scenario;
import dev.fatigueguard.bench.e2e.Spread;
import dev.fatigueguard.bench.e2e.StateDirs;
import dev.fatigueguard.bench.e2e.TimedRun;
import dev.fatigueguard.bench.e2e.Workload;
import dev.fatigueguard.bench.e2e.WriteFloorTopology;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.TopicSpec;
import dev.fatigueguard.serde.SpecificAvroSerde;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Guard versus pass-through on the same broker, data, serdes, guarantee and partitions, in one
 * process and one run: the ratio of the two is the number that survives the machine's noise. A
 * third topology, the write floor ({@link WriteFloorTopology}), does only the writes the spec
 * requires of any guard, so its ratio bounds the guard's from above on the same machine. Each run
 * also reports CPU per record.
 */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    description =
        "End-to-end records/s and CPU per record of the guard, a pass-through topology and the spec's "
            + "write floor, and their ratios to the pass-through.")
public final class EndToEndBenchmark implements Callable<Integer> {

  @Option(
      names = "--bootstrap",
      description = "External cluster; default: an embedded KRaft broker in this JVM.")
  String bootstrap;

  @Option(
      names = "--messages",
      defaultValue = "500000",
      description = "Messages preloaded per partition count (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--customers",
      defaultValue = "50000",
      description = "Distinct customers (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--partitions",
      split = ",",
      defaultValue = "1,4",
      description = "Partition counts (default ${DEFAULT-VALUE}).")
  List<Integer> partitions;

  @Option(
      names = "--guarantees",
      split = ",",
      defaultValue = "at_least_once,exactly_once_v2",
      description = "Processing guarantees (default ${DEFAULT-VALUE}).")
  List<String> guarantees;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description = "Runs of each pair (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--max-threads",
      defaultValue = "2",
      description = "Stream threads = min(partitions, this) (default ${DEFAULT-VALUE}).")
  int maxThreads;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "100",
      description =
          "Same for both topologies and guarantees; 100 = the exactly_once_v2 default (default ${DEFAULT-VALUE}).")
  long commitIntervalMs;

  @Option(
      names = "--streams-config",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka Streams setting for both topologies (repeatable), e.g. max.task.idle.ms=-1.")
  Map<String, String> streamsConfig = new LinkedHashMap<>();

  @Option(
      names = "--topologies",
      split = ",",
      defaultValue = "pass-through,floor,guard",
      description =
          "pass-through (decode + encode, the engine's limit), floor (the writes the spec requires, no rules), "
              + "guard, guard-uncached (the guard without its per-task customer cache); a guard"
              + " variant priced in the same run is guard@KEY=VALUE[@KEY=VALUE...], a guard or"
              + " Kafka Streams setting changed for that topology only, e.g."
              + " guard@max.task.idle.ms=-1 (default ${DEFAULT-VALUE})")
  List<String> topologies;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      description =
          "Unrecorded runs of every topology first, so no measured run pays for the JIT (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--outcomes",
      description = "Count the decision log of each first guard run (outside the timing).")
  boolean outcomes;

  @Option(
      names = "--out",
      defaultValue = "bench/results/e2e.csv",
      description = "CSV of every run (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      description = "Per run (default ${DEFAULT-VALUE}).")
  Duration timeout;

  private static final List<String> KNOWN_TOPOLOGIES =
      List.of("pass-through", "floor", "guard", "guard-uncached");

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    for (String topology : topologies) {
      String base = baseTopology(topology);
      if (!KNOWN_TOPOLOGIES.contains(base)
          || (!base.startsWith("guard") && !base.equals(topology))) {
        throw new ParameterException(
            spec.commandLine(),
            "--topologies: unknown topology '"
                + topology
                + "' (known: "
                + String.join(", ", KNOWN_TOPOLOGIES)
                + ")");
      }
    }
    List<RunResult> results = new ArrayList<>();
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (BenchCluster cluster = BenchCluster.open(bootstrap);
        PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
      csv.println(RunResult.csvHeader());
      for (int p : partitions) {
        Scenario scenario =
            new Scenario(
                cluster.bootstrap(),
                "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-p" + p,
                p,
                Math.min(p, maxThreads),
                commitIntervalMs,
                "bench",
                streamsConfig);
        preload(cluster, scenario);
        CommitWatcher watcher = new CommitWatcher(cluster.admin(), scenario.input());
        Map<TopicPartition, Long> end = watcher.endOffsets(p);
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        for (int w = 0; w < warmup; w++) {
          for (String topology : topologies) {
            RunResult result =
                run(cluster, scenario, watcher, end, total, guarantees.get(0), -1 - w, topology);
            System.out.printf(
                Locale.ROOT,
                "warm-up p=%d %s %s: %.0f records/s%n",
                p,
                guarantees.get(0),
                topology,
                result.recordsPerSecond());
          }
        }
        for (int r = 0; r < repeats; r++) {
          for (String guarantee : guarantees) {
            // Alternate the order so that drift (disk, page cache, JIT) does not favour one
            // topology.
            List<String> order = new ArrayList<>(topologies);
            if (r % 2 == 1) {
              java.util.Collections.reverse(order);
            }
            for (String topology : order) {
              RunResult result =
                  run(cluster, scenario, watcher, end, total, guarantee, r, topology);
              results.add(result);
              csv.println(result.csv());
              csv.flush();
              System.out.printf(
                  Locale.ROOT,
                  "p=%d %-16s rep=%d %-12s %9.0f records/s (%.2f s), CPU per record %.1f µs stream threads, %.1f µs process%s%n",
                  p,
                  guarantee,
                  r,
                  topology,
                  result.recordsPerSecond(),
                  result.seconds(),
                  result.streamThreadCpuMicros(),
                  result.processCpuMicros(),
                  result.suppressed() >= 0
                      ? String.format(
                          Locale.ROOT,
                          ", suppressed %.1f %% of all",
                          100.0 * result.suppressed() / total)
                      : "");
            }
          }
        }
      }
    }
    printSummary(results);
    return 0;
  }

  private void preload(BenchCluster cluster, Scenario s) throws Exception {
    int p = s.partitions();
    cluster.create(
        List.of(
            TopicSpec.of(s.input(), p),
            TopicSpec.compacted(s.preferences(), p),
            TopicSpec.compacted(s.policies(), 1)));
    // Thirty simulated days of traffic ending now, timestamps in order: every cap window fills and
    // rolls.
    long end = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
    long start = end - Duration.ofDays(30).toMillis();
    double step = (double) (end - start) / messages;
    Workload workload = new Workload(customers, 42);
    long t0 = System.nanoTime();
    long bytes;
    try (Preloader preloader = new Preloader(s.bootstrap(), s.serdeConfig())) {
      preloader.policy(s.policies(), Workload.platformPolicy());
      preloader.preferences(
          s.preferences(), Workload.preferences(customers, Instant.ofEpochMilli(end)), start - 1);
      bytes =
          preloader.messages(s.input(), messages, i -> workload.next(start + (long) (i * step)));
    }
    System.out.printf(
        Locale.ROOT,
        "preloaded %d messages (%.0f bytes avg) for %d customers into %d partition(s) in %.1f s%n",
        messages,
        (double) bytes / messages,
        customers,
        p,
        (System.nanoTime() - t0) / 1e9);
  }

  private RunResult run(
      BenchCluster cluster,
      Scenario s,
      CommitWatcher watcher,
      Map<TopicPartition, Long> end,
      long total,
      String guarantee,
      int repeat,
      String topology)
      throws Exception {
    String appId =
        s.prefix()
            + "-"
            + topology.replaceAll("[^a-zA-Z0-9._-]", "_")
            + "-"
            + guarantee.replace('_', '-')
            + "-"
            + (repeat < 0 ? "warmup" + -repeat : repeat);
    Path stateDir = StateDirs.fresh(appId);
    dev.fatigueguard.bench.e2e.CommitWatcher.Progress progress;
    long suppressed = -1;
    try {
      if (topology.startsWith("guard")) {
        GuardConfig config = s.guardConfig(appId, guarantee, stateDir, variantSettings(topology));
        new dev.fatigueguard.topology.TopicPlan(config)
            .createMissing(cluster.admin(), s.partitions(), (short) 1);
        try (GuardApplication guard = new GuardApplication(config)) {
          progress = TimedRun.time(guard.streams(), watcher, appId, end, timeout);
        }
        // Exact only without transaction markers (at_least_once); with exactly_once_v2 the count is
        // not shown.
        if (guarantee.equals("at_least_once")) {
          suppressed =
              endOffsetSum(cluster, config.topic(GuardSetting.TOPIC_SUPPRESSED), s.partitions());
          System.out.printf(
              "records written by %s: approved %d, decisions %d, suppressed %d, dlq %d%n",
              appId,
              endOffsetSum(cluster, config.topic(GuardSetting.TOPIC_APPROVED), s.partitions()),
              endOffsetSum(cluster, config.topic(GuardSetting.TOPIC_DECISIONS), s.partitions()),
              suppressed,
              endOffsetSum(cluster, config.topic(GuardSetting.TOPIC_DLQ), s.partitions()));
        }
        if (outcomes && repeat == 0) {
          Map<String, Long> counts =
              dev.fatigueguard.bench.e2e.OutcomeCount.of(
                  s.bootstrap(),
                  config.topic(GuardSetting.TOPIC_DECISIONS),
                  s.serdeConfig(),
                  total);
          long decided = counts.values().stream().mapToLong(Long::longValue).sum();
          System.out.println(
              "outcomes "
                  + appId
                  + ": "
                  + counts
                  + "; "
                  + decided
                  + " decisions read_committed for "
                  + total
                  + " messages"
                  + (decided == total ? "" : " (NOT ONE EACH)"));
        }
      } else if (topology.equals("floor")) {
        String approved = appId + ".approved";
        String decisions = appId + ".decisions";
        cluster.create(
            List.of(
                TopicSpec.of(approved, s.partitions()), TopicSpec.of(decisions, s.partitions())));
        try (KafkaStreams streams =
            new KafkaStreams(
                WriteFloorTopology.build(
                    s.input(),
                    approved,
                    decisions,
                    valueSerde(s, OutboundMessage.class),
                    valueSerde(s, ContactDecision.class)),
                s.passThroughProperties(appId, guarantee, stateDir))) {
          progress = TimedRun.time(streams, watcher, appId, end, timeout);
        }
      } else {
        String output = appId + ".out";
        cluster.create(List.of(TopicSpec.of(output, s.partitions())));
        try (KafkaStreams streams =
            new KafkaStreams(
                PassThroughTopology.build(s.input(), output, valueSerde(s, OutboundMessage.class)),
                s.passThroughProperties(appId, guarantee, stateDir))) {
          progress = TimedRun.time(streams, watcher, appId, end, timeout);
        }
      }
    } finally {
      // Topics are kept: deleting them while the broker is busy is a needless risk to the other
      // runs.
      StateDirs.wipe(stateDir);
    }
    return new RunResult(
        s.partitions(),
        guarantee,
        repeat,
        topology,
        total - progress.firstCommitted(),
        progress.seconds(),
        suppressed,
        progress.streamThreadCpuMicrosPerRecord(),
        progress.processCpuMicrosPerRecord());
  }

  /** The guard's own Avro serde for values of {@code type}, on the run's registry. */
  private static <T extends org.apache.avro.specific.SpecificRecord>
      SpecificAvroSerde<T> valueSerde(Scenario s, Class<T> type) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(s.serdeConfig(), false);
    return serde;
  }

  private static long endOffsetSum(BenchCluster cluster, String topic, int partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return cluster.admin().listOffsets(request).all().get().values().stream()
        .mapToLong(i -> i.offset())
        .sum();
  }

  private void printSummary(List<RunResult> results) {
    System.out.println();
    System.out.println(
        "| partitions | guarantee | topology | records/s | / pass-through (same repeat) "
            + "| stream-thread CPU µs per record | process CPU µs per record "
            + "| records/s / floor (same repeat) | stream-thread CPU / floor (same repeat) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (int p : partitions) {
      for (String g : guarantees) {
        for (String topology : topologies) {
          List<Double> rate = new ArrayList<>();
          List<Double> ratio = new ArrayList<>();
          List<Double> streamCpu = new ArrayList<>();
          List<Double> processCpu = new ArrayList<>();
          List<Double> rateOfFloor = new ArrayList<>();
          List<Double> cpuOfFloor = new ArrayList<>();
          for (int r = 0; r < repeats; r++) {
            RunResult run = find(results, p, g, r, topology);
            RunResult base = find(results, p, g, r, "pass-through");
            RunResult floor = find(results, p, g, r, "floor");
            if (run == null) {
              continue;
            }
            rate.add(run.recordsPerSecond());
            streamCpu.add(run.streamThreadCpuMicros());
            processCpu.add(run.processCpuMicros());
            if (base != null) {
              ratio.add(run.recordsPerSecond() / base.recordsPerSecond());
            }
            if (floor != null) {
              rateOfFloor.add(run.recordsPerSecond() / floor.recordsPerSecond());
              cpuOfFloor.add(run.streamThreadCpuMicros() / floor.streamThreadCpuMicros());
            }
          }
          System.out.printf(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              p,
              g,
              topology,
              Spread.of(rate).format("%.0f"),
              topology.equals("pass-through") ? "1" : Spread.of(ratio).format("%.2f"),
              Spread.of(streamCpu).format("%.1f"),
              Spread.of(processCpu).format("%.1f"),
              rateOfFloor.isEmpty() ? "–" : Spread.of(rateOfFloor).format("%.2f"),
              cpuOfFloor.isEmpty() ? "–" : Spread.of(cpuOfFloor).format("%.2f"));
        }
      }
    }
  }

  /** {@code guard@max.task.idle.ms=-1} is a variant of {@code guard}. */
  private static String baseTopology(String topology) {
    int at = topology.indexOf('@');
    return at < 0 ? topology : topology.substring(0, at);
  }

  /** The settings a guard topology changes: the uncached guard's, then each {@code @KEY=VALUE}. */
  private Map<String, String> variantSettings(String topology) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (baseTopology(topology).equals("guard-uncached")) {
      settings.put(GuardSetting.CUSTOMER_CACHE.key(), "0");
    }
    String[] parts = topology.split("@");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            spec.commandLine(),
            "--topologies: '" + parts[i] + "' in '" + topology + "' is not KEY=VALUE");
      }
      settings.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return settings;
  }

  private static RunResult find(List<RunResult> results, int p, String g, int r, String topology) {
    return results.stream()
        .filter(
            x ->
                x.partitions() == p
                    && x.guarantee().equals(g)
                    && x.repeat() == r
                    && x.topology().equals(topology))
        .findFirst()
        .orElse(null);
  }
}
