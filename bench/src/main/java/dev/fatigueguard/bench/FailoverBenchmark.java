package dev.fatigueguard.bench;

import dev.fatigueguard.bench.e2e.BenchCluster;
import dev.fatigueguard.bench.failover.FailoverRound;
import dev.fatigueguard.bench.failover.FailoverRound.Outcome;
import dev.fatigueguard.bench.failover.GuardLauncher;
import dev.fatigueguard.serde.registry.EmulatedRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long approving stops when a guard instance goes away: a clean restart of a single instance
 * (SIGTERM, then the same instance started again), and {@code kill -9} of one of two instances with
 * standby replicas. The guards run as {@code fatigue-guard run} in their own JVMs; the broker and a
 * registry both reach run in this one.
 */
@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    description =
        "Restart and fail-over: time until approving resumes, guards as separate processes.")
public final class FailoverBenchmark implements Callable<Integer> {

  @Option(names = "--repeats", defaultValue = "5", description = "(default ${DEFAULT-VALUE})")
  int repeats;

  @Option(names = "--partitions", defaultValue = "4", description = "(default ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--rate",
      defaultValue = "50",
      description = "messages per second sent throughout (default ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--scenario",
      defaultValue = "both",
      description = "restart, failover or both (default ${DEFAULT-VALUE})")
  String scenario;

  @Option(
      names = "--set",
      description = "Extra guard setting for every instance, key=value (repeatable).")
  Map<String, String> extra = Map.of();

  @Option(
      names = "--broker-set",
      description = "Broker setting of the embedded broker, key=value (repeatable).")
  Map<String, String> brokerSettings = Map.of();

  @Option(
      names = "--guard-jvm-option",
      description =
          "Extra option for every guard's JVM (repeatable), e.g. -XX:TieredStopAtLevel=1.")
  List<String> guardJvmOptions = new ArrayList<>();

  @Option(
      names = "--launcher",
      description =
          "Start each guard with this script, as the container image does (its entry point, "
              + "demo/src/main/jib/usr/local/bin/fatigue-guard: with its AOT cache, or its "
              + "class-data sharing archive before Java 25); default: java directly.")
  Path launcher;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("fatigue-guard-failover-");
    GuardLauncher guards =
        new GuardLauncher(
            guardClassPath(), guardJvmOptions, launcher == null ? null : launcher.toAbsolutePath());
    System.out.printf("guard logs and state under %s%n", work);
    List<Outcome> restarts = new ArrayList<>();
    List<Outcome> failovers = new ArrayList<>();
    try (BenchCluster cluster = BenchCluster.embedded(brokerSettings);
        EmulatedRegistry registry = EmulatedRegistry.start()) {
      for (int i = 1; i <= repeats; i++) {
        if (!scenario.equals("failover")) {
          FailoverRound round =
              new FailoverRound(
                  cluster, registry.url(), work.resolve("restart-" + i), partitions, guards);
          Outcome o = round.cleanRestart(rate, extra);
          System.out.printf(Locale.ROOT, "restart  %d: %s%n", i, o);
          restarts.add(o);
        }
        if (!scenario.equals("restart")) {
          FailoverRound round =
              new FailoverRound(
                  cluster, registry.url(), work.resolve("failover-" + i), partitions, guards);
          Outcome o = round.killOneOfTwo(rate, extra);
          System.out.printf(Locale.ROOT, "failover %d: %s%n", i, o);
          failovers.add(o);
        }
      }
    }
    System.out.println();
    System.out.println("| case | repeats | median | min | max | restored records | runs |");
    System.out.println("|---|---|---|---|---|---|---|");
    summary("clean restart, 1 instance: new process start → first approval", restarts);
    summary("kill -9 of 1 of 2 (standbys): kill → first approval of its customers", failovers);
    timeline(restarts);
    return 0;
  }

  private static void summary(String name, List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    List<Double> seconds = new ArrayList<>();
    List<String> each = new ArrayList<>();
    long restored = 0;
    for (Outcome o : outcomes) {
      seconds.add(o.seconds());
      each.add(String.format(Locale.ROOT, "%.1f", o.seconds()));
      restored += Math.max(0, o.restoredRecords());
    }
    List<Double> sorted = seconds.stream().sorted().toList();
    double median =
        sorted.size() % 2 == 1
            ? sorted.get(sorted.size() / 2)
            : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.1f s | %.1f s | %.1f s | %d | %s |%n",
        name,
        outcomes.size(),
        median,
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        restored,
        String.join(", ", each));
  }

  /**
   * Where the restarts' time went: each step of the restarted guard's start-up timeline, in ms
   * after its process started, and the old process's exit after SIGTERM.
   */
  private static void timeline(List<Outcome> outcomes) {
    Map<String, List<Long>> steps = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      o.timeline()
          .forEach((step, ms) -> steps.computeIfAbsent(step, s -> new ArrayList<>()).add(ms));
    }
    if (steps.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println(
        "| restart: step reached (sigterm→exit: old process, from SIGTERM) | ms after the new"
            + " process started, median | min – max | runs |");
    System.out.println("|---|---|---|---|");
    steps.forEach(
        (step, values) -> {
          List<Long> sorted = values.stream().sorted().toList();
          long median =
              sorted.size() % 2 == 1
                  ? sorted.get(sorted.size() / 2)
                  : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
          System.out.printf(
              Locale.ROOT,
              "| %s | %d | %d – %d | %s |%n",
              step,
              median,
              sorted.get(0),
              sorted.get(sorted.size() - 1),
              values);
        });
  }

  /** The bench jar's lib directory holds the guard and everything it needs. */
  private static String guardClassPath() throws Exception {
    File jar =
        new File(
            FailoverBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (jar.isFile()) {
      return new File(jar.getParentFile(), "lib") + File.separator + "*";
    }
    return System.getProperty("java.class.path");
  }
}
