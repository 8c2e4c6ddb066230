package dev.fatigueguard.bench;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.bench.e2e.BenchCluster;
import dev.fatigueguard.bench.e2e.CommitWatcher;
import dev.fatigueguard.bench.e2e.CpuMeter;
import dev.fatigueguard.bench.e2e.Preloader;
import dev.fatigueguard.bench.e2e.Scenario;
import dev.fatigueguard.bench.e2e.StateDirs;
import dev.fatigueguard.bench.e2e.TimedRun;
import dev.fatigueguard.bench.e2e.Workload;
import dev.fatigueguard.bench.failover.GuardLauncher;
import dev.fatigueguard.bench.failover.GuardProcess;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.embedded.TopicSpec;
import dev.fatigueguard.serde.registry.EmulatedRegistry;
import dev.fatigueguard.topology.TopicPlan;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Millions of distinct customers through one instance: throughput, RocksDB bytes on disk per store,
 * heap after GC, and how long a replacement instance with an empty state directory takes to restore
 * everything from the changelogs before it processes again.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description =
        "Distinct customers through one instance: throughput, state size, heap, restore time.")
public final class ScaleBenchmark implements Callable<Integer> {

  @Option(names = "--bootstrap", description = "External cluster; default: embedded broker.")
  String bootstrap;

  @Option(
      names = "--customers",
      defaultValue = "1000000",
      description = "(default ${DEFAULT-VALUE})")
  int customers;

  @Option(
      names = "--messages-per-customer",
      defaultValue = "2",
      description = "(default ${DEFAULT-VALUE})")
  int perCustomer;

  @Option(names = "--partitions", defaultValue = "4", description = "(default ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--guarantee",
      defaultValue = "exactly_once_v2",
      description = "(default ${DEFAULT-VALUE})")
  String guarantee;

  @Option(names = "--timeout", defaultValue = "PT30M", description = "(default ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(
      names = "--guard-process",
      description =
          "Run the guard as `fatigue-guard run` in a JVM of its own and report that process's"
              + " resident memory (what a pod's limit is measured against) instead of this JVM's;"
              + " skips the restore.")
  boolean guardProcess;

  @Option(
      names = "--guard-heap",
      defaultValue = "1g",
      description = "-Xmx of the guard's JVM with --guard-process (default ${DEFAULT-VALUE})")
  String guardHeap;

  @Option(
      names = "--set",
      description = "Guard setting, key=value (repeatable), e.g. guard.rocksdb.memory=unbounded.")
  Map<String, String> extra = Map.of();

  @Option(
      names = "--guard-jvm-option",
      description =
          "Extra option for the guard's JVM with --guard-process (repeatable), e.g."
              + " -XX:NativeMemoryTracking=summary to split its native memory.")
  List<String> guardJvmOptions = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (guardProcess) {
      return inGuardProcess();
    }
    try (BenchCluster cluster = BenchCluster.open(bootstrap)) {
      Scenario s =
          new Scenario(
              cluster.bootstrap(),
              "scale-" + UUID.randomUUID().toString().substring(0, 8),
              partitions,
              Math.min(partitions, 2),
              100,
              "scale");
      long messages = preload(cluster, s);
      CommitWatcher watcher = new CommitWatcher(cluster.admin(), s.input());
      Map<TopicPartition, Long> end = watcher.endOffsets(partitions);
      String appId = s.prefix() + "-guard";
      Path stateDir = StateDirs.fresh(appId);
      GuardConfig config = s.guardConfig(appId, guarantee, stateDir).with(extra);
      new TopicPlan(config).createMissing(cluster.admin(), partitions, (short) 1);

      long heapBefore = heapAfterGc();
      long rssBefore = rssBytes();
      long offHeapBefore = rssBefore - committedHeap();
      dev.fatigueguard.bench.e2e.CommitWatcher.Progress progress;
      long heapAfter;
      long rssAfter;
      long offHeapAfter;
      try (GuardApplication guard = new GuardApplication(config)) {
        progress = TimedRun.time(guard.streams(), watcher, appId, end, timeout);
        heapAfter = heapAfterGc();
        rssAfter = rssBytes();
        offHeapAfter = rssAfter - committedHeap();
      }
      long stateBytes = StateDirs.size(stateDir);
      Map<String, Long> perStore = perStore(stateDir);
      long changelogRecords = changelogRecords(cluster, appId);

      StateDirs.wipe(stateDir);
      Files.createDirectories(stateDir);
      double restoreSeconds;
      try (GuardApplication replacement = new GuardApplication(config)) {
        long t0 = System.nanoTime();
        replacement.start();
        while (replacement.streams().state() != KafkaStreams.State.RUNNING) {
          if (System.nanoTime() - t0 > timeout.toNanos()) {
            throw new IllegalStateException("restore did not finish within " + timeout);
          }
          Thread.sleep(20);
        }
        restoreSeconds = (System.nanoTime() - t0) / 1e9;
      }
      long restoredBytes = StateDirs.size(stateDir);
      StateDirs.wipe(stateDir);

      tableHead(messages);
      row(
          "guard throughput",
          String.format(
              Locale.ROOT,
              "%,.0f records/s (%.1f s between first and last commit)",
              progress.recordsPerSecond(),
              progress.seconds()));
      row(
          "state on disk after close",
          mib(stateBytes) + " (" + stateBytes / customers + " bytes per customer)");
      perStore.forEach((store, bytes) -> row("  " + store, mib(bytes)));
      row(
          "heap after GC, guard running minus before",
          mib(heapAfter - heapBefore)
              + String.format(
                  Locale.ROOT,
                  " (%s -> %s, broker in the same JVM)",
                  mib(heapBefore),
                  mib(heapAfter)));
      row("process RSS growth (RocksDB is off-heap)", mib(rssAfter - rssBefore));
      row(
          "RSS minus committed heap, growth (RocksDB and other native memory)",
          mib(offHeapAfter - offHeapBefore)
              + " (RocksDB budget "
              + config.get(dev.fatigueguard.config.GuardSetting.ROCKSDB_MEMORY)
              + ")");
      row("changelog records", String.format(Locale.ROOT, "%,d", changelogRecords));
      row(
          "restore after wiping the state dir",
          String.format(
              Locale.ROOT,
              "%.1f s (start to RUNNING; %s restored)",
              restoreSeconds,
              mib(restoredBytes)));
    }
    return 0;
  }

  /**
   * The guard in a process of its own, as operators run it: its resident memory while it works
   * through the input and once everything is committed, and its heap, so that heap + RocksDB + the
   * rest can be told apart. The registry is an emulation both processes reach.
   */
  private int inGuardProcess() throws Exception {
    try (BenchCluster cluster = BenchCluster.open(bootstrap);
        EmulatedRegistry registry = EmulatedRegistry.start()) {
      Scenario s =
          new Scenario(
              cluster.bootstrap(),
              "scale-" + UUID.randomUUID().toString().substring(0, 8),
              partitions,
              Math.min(partitions, 2),
              100,
              registry.url());
      long messages = preload(cluster, s);
      CommitWatcher watcher = new CommitWatcher(cluster.admin(), s.input());
      Map<TopicPartition, Long> end = watcher.endOffsets(partitions);
      String appId = s.prefix() + "-guard";
      Path stateDir = StateDirs.fresh(appId);
      GuardConfig config = s.guardConfig(appId, guarantee, stateDir).with(extra);
      new TopicPlan(config).createMissing(cluster.admin(), partitions, (short) 1);
      Path work = Files.createTempDirectory("fatigue-guard-scale-");
      Path file = work.resolve("guard.properties");
      Properties properties = new Properties();
      config.serdeConfig().forEach((k, v) -> properties.put(k, v.toString()));
      try (Writer w = Files.newBufferedWriter(file)) {
        properties.store(w, "written by the scale benchmark");
      }
      System.out.printf("guard log: %s%n", work.resolve("guard.log"));
      GuardProcess guard =
          GuardProcess.start(
              file,
              work.resolve("guard.log"),
              new GuardLauncher(
                  guardClassPath(),
                  Stream.concat(Stream.of("-Xmx" + guardHeap), guardJvmOptions.stream()).toList(),
                  null));
      long[] atDone;
      long peakWhileRunning = 0;
      String heap;
      String heapBeforeGc;
      String nativeMemory;
      CommitWatcher.Progress progress;
      try {
        AtomicLong peak = new AtomicLong();
        Thread sampler =
            new Thread(
                () -> {
                  while (guard.isAlive() && !Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(guard.residentBytes()[0], Math::max);
                    try {
                      Thread.sleep(1000);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        sampler.setDaemon(true);
        sampler.start();
        progress = watcher.awaitCommitted(appId, end, timeout, new CpuMeter(appId));
        // Let the last flushes and compactions settle before reading the steady state.
        Thread.sleep(10_000);
        atDone = guard.residentBytes();
        sampler.interrupt();
        peakWhileRunning = Math.max(peak.get(), atDone[0]);
        heapBeforeGc = guard.jcmd("GC.heap_info");
        nativeMemory = guard.jcmd("VM.native_memory", "summary");
        guard.jcmd("GC.run");
        heap = guard.jcmd("GC.heap_info");
      } finally {
        guard.stop();
      }
      long stateBytes = StateDirs.size(stateDir);
      StateDirs.wipe(stateDir);

      tableHead(messages);
      row(
          "guard",
          "own JVM, -Xmx"
              + guardHeap
              + ", guard.rocksdb.memory="
              + config.get(dev.fatigueguard.config.GuardSetting.ROCKSDB_MEMORY));
      row(
          "guard throughput",
          String.format(
              Locale.ROOT,
              "%,.0f records/s (%.1f s between first and last commit)",
              progress.recordsPerSecond(),
              progress.seconds()));
      row("guard RSS, 10 s after the last commit", mib(atDone[0]));
      row("guard RSS, highest sample (1 s) while working", mib(peakWhileRunning));
      row("guard RSS, peak (VmHWM)", mib(atDone[1]));
      row("guard heap at that moment (jcmd GC.heap_info)", heapSummary(heapBeforeGc));
      row("guard heap after a full GC", heapSummary(heap));
      nativeMemory
          .lines()
          .filter(l -> l.contains("committed=") && (l.startsWith("Total") || l.startsWith("-")))
          .forEach(
              l ->
                  row(
                      "  NMT committed: "
                          + (l.startsWith("Total")
                              ? "Total"
                              : l.substring(1, l.indexOf('(')).trim()),
                      committed(l)));
      row(
          "state on disk after close",
          mib(stateBytes) + " (" + stateBytes / customers + " bytes per customer)");
    }
    return 0;
  }

  /** The committed figure of one line of {@code VM.native_memory summary}. */
  private static String committed(String line) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("committed=(\\d+)KB").matcher(line);
    return m.find() ? mib(Long.parseLong(m.group(1)) * 1024) : line.trim();
  }

  /** The heap lines of {@code GC.heap_info}, on one line. */
  private static String heapSummary(String heapInfo) {
    return heapInfo
        .lines()
        .filter(l -> l.contains("total") && l.contains("used"))
        .map(String::trim)
        .findFirst()
        .orElse(heapInfo.replace('\n', ' ').trim());
  }

  /** The bench jar's lib directory holds the guard and everything it needs. */
  private static String guardClassPath() throws Exception {
    java.io.File jar =
        new java.io.File(
            ScaleBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (jar.isFile()) {
      return new java.io.File(jar.getParentFile(), "lib") + java.io.File.separator + "*";
    }
    return System.getProperty("java.class.path");
  }

  private long preload(BenchCluster cluster, Scenario s) throws Exception {
    cluster.create(
        List.of(
            TopicSpec.of(s.input(), partitions),
            TopicSpec.compacted(s.preferences(), partitions),
            TopicSpec.compacted(s.policies(), 1)));
    long total = (long) customers * perCustomer;
    long end = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
    long start = end - Duration.ofDays(7).toMillis();
    double step = (double) (end - start) / total;
    Workload workload = new Workload(customers, 42);
    long t0 = System.nanoTime();
    try (Preloader preloader = new Preloader(s.bootstrap(), s.serdeConfig())) {
      preloader.policy(s.policies(), Workload.platformPolicy());
      preloader.preferences(
          s.preferences(), Workload.preferences(customers, Instant.ofEpochMilli(end)), start - 1);
      // Round-robin over all customers, so every one of them is in the state at the end.
      preloader.messages(
          s.input(),
          (int) total,
          i -> workload.nextFor(Workload.customerId(i % customers), start + (long) (i * step)));
    }
    System.out.printf(
        Locale.ROOT,
        "preloaded %,d messages for %,d customers in %.1f s%n",
        total,
        customers,
        (System.nanoTime() - t0) / 1e9);
    return total;
  }

  private static long committedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
  }

  private static long changelogRecords(BenchCluster cluster, String appId) throws Exception {
    List<String> changelogs =
        cluster.admin().listTopics().names().get().stream()
            .filter(n -> n.startsWith(appId) && n.endsWith("-changelog"))
            .toList();
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request =
        new java.util.HashMap<>();
    cluster
        .admin()
        .describeTopics(changelogs)
        .allTopicNames()
        .get()
        .forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            request.put(
                                new TopicPartition(name, p.partition()),
                                org.apache.kafka.clients.admin.OffsetSpec.latest())));
    return cluster.admin().listOffsets(request).all().get().values().stream()
        .mapToLong(i -> i.offset())
        .sum();
  }

  /**
   * Bytes per store name, summed over tasks: key-value stores live in {@code
   * <app>/<task>/rocksdb/<store>}, segmented window stores in {@code
   * <app>/<task>/<store>/<segment>}.
   */
  private static Map<String, Long> perStore(Path stateDir) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> dirs = Files.walk(stateDir, 4)) {
      dirs.filter(Files::isDirectory)
          .filter(d -> d.getParent() != null)
          .forEach(
              d -> {
                String parent = d.getParent().getFileName().toString();
                String name = d.getFileName().toString();
                if (parent.equals("rocksdb")) {
                  out.merge(name, StateDirs.size(d), Long::sum);
                } else if (parent.matches("\\d+_\\d+") && !name.equals("rocksdb")) {
                  out.merge(name + " (window segments)", StateDirs.size(d), Long::sum);
                }
              });
    }
    return out;
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return -1;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  /** The rows both tables (guard in this JVM, guard in its own) start with. */
  private void tableHead(long messages) {
    System.out.println();
    System.out.println("| metric | value |");
    System.out.println("|---|---|");
    row("distinct customers", String.format(Locale.ROOT, "%,d", customers));
    row(
        "messages",
        String.format(
            Locale.ROOT,
            "%,d (%d per customer), %d partitions, %s",
            messages,
            perCustomer,
            partitions,
            guarantee));
  }

  private static void row(String metric, String value) {
    System.out.printf("| %s | %s |%n", metric, value);
  }
}
