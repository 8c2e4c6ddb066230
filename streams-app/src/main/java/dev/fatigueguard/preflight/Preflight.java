package dev.fatigueguard.preflight;

import dev.fatigueguard.config.GuardConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * {@code fatigue-guard check}: everything the guard needs from the cluster, the registry and the
 * machine, checked before Kafka Streams starts, each with what to do when it is missing. Every
 * network call is bounded by {@code guard.preflight.timeout}; the clients' own connection warnings
 * are silenced while it runs, since the result names the setting instead.
 */
public final class Preflight {

  private Preflight() {}

  public static PreflightReport run(GuardConfig config) {
    return run(config, result -> {});
  }

  /**
   * Runs every check, handing each result to {@code onResult} as soon as it is known, so the first
   * failure is on the console while later checks still run.
   */
  public static PreflightReport run(GuardConfig config, Consumer<CheckResult> onResult) {
    PreflightReport report = runWithoutHttpPort(config, onResult);
    CheckResult port = httpPort(config);
    onResult.accept(port);
    return report.with(port);
  }

  /**
   * Every check but the HTTP port's, started on a thread of its own: for {@code run}, which binds
   * that port itself meanwhile (a port it holds would fail the check) and, when it cannot, reports
   * {@link #httpPort} instead.
   */
  public static CompletableFuture<PreflightReport> startWithoutHttpPort(
      GuardConfig config, Consumer<CheckResult> onResult) {
    return CompletableFuture.supplyAsync(
        () -> runWithoutHttpPort(config, onResult),
        task -> onOwnThread(task, "fatigue-guard-preflight"));
  }

  /**
   * Waits for the checks {@link #startWithoutHttpPort} started. A check that threw throws here
   * itself, as it would from {@link #run}, not wrapped in the thread hand-over's exception: its
   * message is what the command prints.
   */
  public static PreflightReport await(CompletableFuture<PreflightReport> checks) {
    return joined(checks);
  }

  private static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Whether the HTTP API's port can be bound, as {@code check} reports it. */
  public static CheckResult httpPort(GuardConfig config) {
    return HttpPortCheck.check(config);
  }

  private static PreflightReport runWithoutHttpPort(
      GuardConfig config, Consumer<CheckResult> onResult) {
    List<CheckResult> results = new ReportedList(onResult);
    try (QuietClientLogs quiet = QuietClientLogs.open()) {
      // The registry does not depend on the cluster: it is asked meanwhile, on a thread of its own,
      // and its results are reported after the cluster's, in the same order as ever. A restart
      // runs these checks too, so their waits (and their class loading) should not add up.
      CompletableFuture<List<CheckResult>> registry =
          CompletableFuture.supplyAsync(
              () -> registry(config),
              task -> onOwnThread(task, "fatigue-guard-preflight-registry"));
      cluster(config, results);
      results.addAll(joined(registry));
      results.add(StateDirCheck.check(config));
    }
    return new PreflightReport(results);
  }

  private static void onOwnThread(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static List<CheckResult> registry(GuardConfig config) {
    List<CheckResult> results = new ArrayList<>();
    results.add(RegistryCheck.check(config, SchemaCheck.subjects(config).get(0).name()));
    if (results.get(0).status() == CheckResult.Status.PASS) {
      results.addAll(SchemaCheck.check(config));
    } else if (!RegistryCheck.isMock(config)) {
      results.add(CheckResult.note(SchemaCheck.NAME, "not checked: the registry did not answer"));
    }
    return results;
  }

  /** A list that hands every added result on at once. */
  private static final class ReportedList extends ArrayList<CheckResult> {
    private final transient Consumer<CheckResult> onResult;

    ReportedList(Consumer<CheckResult> onResult) {
      this.onResult = onResult;
    }

    @Override
    public boolean add(CheckResult result) {
      onResult.accept(result);
      return super.add(result);
    }

    @Override
    public boolean addAll(Collection<? extends CheckResult> results) {
      results.forEach(this::add);
      return !results.isEmpty();
    }
  }

  private static void cluster(GuardConfig config, List<CheckResult> results) {
    ClusterConnection cluster;
    try {
      cluster = ClusterConnection.open(config);
    } catch (UnreachableException e) {
      results.add(BrokerCheck.unreachable(e));
      results.add(BrokerCheck.notChecked("ACLs, topics, policy"));
      return;
    }
    try (cluster) {
      ClusterConnection.Description description;
      try {
        description = cluster.describe();
      } catch (UnreachableException e) {
        results.add(BrokerCheck.unreachable(e));
        results.add(BrokerCheck.notChecked("ACLs, topics, policy"));
        return;
      }
      results.add(BrokerCheck.answered(cluster, description));
      results.addAll(AclCheck.check(cluster, description, config));
      results.addAll(TopicCheck.check(cluster, config));
      results.add(PolicyCheck.check(config));
    }
  }

  /** The topic checks alone, for {@code fatigue-guard topics}. */
  public static PreflightReport topics(ClusterConnection cluster, GuardConfig config) {
    return new PreflightReport(TopicCheck.check(cluster, config));
  }

  /**
   * Fails fast, with one line naming the setting, when no broker answers {@code bootstrap.servers}
   * within {@code guard.preflight.timeout}, or when one of {@code topics} does not exist: writing
   * to a missing topic would have the broker create it with its defaults (not compacted, one
   * partition), which the guard cannot use. For commands that write to the cluster.
   */
  public static void requireBroker(GuardConfig config, String... topics) {
    try (QuietClientLogs quiet = QuietClientLogs.open();
        ClusterConnection cluster = ClusterConnection.open(config)) {
      cluster.describe();
      for (String topic : topics) {
        cluster.requireTopic(topic);
      }
    }
  }

  /**
   * As {@link #requireBroker}, and the registry must answer and accept the credentials too; for
   * commands that write Avro records.
   */
  public static void requireBrokerAndRegistry(GuardConfig config, String... topics) {
    requireBroker(config, topics);
    try (QuietClientLogs quiet = QuietClientLogs.open()) {
      CheckResult registry =
          RegistryCheck.check(config, SchemaCheck.subjects(config).get(0).name());
      if (registry.status() == CheckResult.Status.FAIL) {
        throw new IllegalStateException(registry.detail() + " (fix: " + registry.fix() + ")");
      }
    }
  }
}
