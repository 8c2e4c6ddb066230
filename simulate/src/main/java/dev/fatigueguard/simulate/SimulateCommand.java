package dev.fatigueguard.simulate;

import dev.fatigueguard.cli.FileProblem;
import dev.fatigueguard.cli.RuleFiles;
import dev.fatigueguard.policy.CustomerPreferences;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fatigue-guard simulate}: what would this policy have done to this message history? */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays a message history through the guard's own processors and stores (no broker needed) under a policy, "
          + "in event-time order with simulated wall-clock time, so held messages are released or expire "
          + "as they would live. Prints a summary; optionally writes every decision and an HTML report.",
      "Exit codes: 0 done (unreadable lines are reported and counted as INVALID), "
          + "2 invalid policy or preferences, 1 other errors."
    })
public final class SimulateCommand implements Callable<Integer> {

  private static final int ERRORS_SHOWN = 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--messages",
      required = true,
      paramLabel = "FILE",
      description =
          "OutboundMessage history: JSON Lines (Avro field names, ISO-8601 instants) or an Avro "
              + "container file (*.avro).")
  Path messages;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "Policy JSON: one policy, or an array with \"default\" and tenant policies.")
  Path policy;

  @Option(
      names = "--preferences",
      paramLabel = "FILE",
      description = "Customer preferences: one object, a JSON array of them, or JSON Lines.")
  Path preferences;

  @Option(
      names = "--decisions",
      paramLabel = "OUT.jsonl",
      description = "Write one JSON line per decision event (of --policy).")
  Path decisions;

  @Option(
      names = "--report",
      paramLabel = "OUT.html",
      description = "Write a self-contained HTML report.")
  Path report;

  @Option(
      names = "--compare",
      paramLabel = "OTHER_POLICY",
      description = "Also replay under this policy and show both side by side.")
  Path compare;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Path output : new Path[] {decisions, report}) {
      Path missing = output == null ? null : FileProblem.missingDirectory(output);
      if (missing != null) {
        // Before the replay, not after it: a long run must not end in a file it cannot write.
        throw new CommandLine.ParameterException(
            spec.commandLine(), "directory " + missing + " of " + output + " does not exist");
      }
    }
    try {
      // Rules first: an invalid policy must stop the run before minutes are spent reading messages.
      List<CustomerPreferences> prefs =
          preferences == null ? List.of() : RuleFiles.readPreferences(preferences);
      ReplayRules rules = new ReplayRules(RuleFiles.readPolicies(policy), prefs);
      ReplayRules other =
          compare == null ? null : new ReplayRules(RuleFiles.readPolicies(compare), prefs);

      long readStart = System.nanoTime();
      History history = HistoryReader.read(messages);
      double readSeconds = (System.nanoTime() - readStart) / 1e9;
      reportInvalid(history, err);
      err.printf(
          Locale.ROOT,
          "read %d messages from %s in %.1f s%n",
          history.messages().size(),
          messages,
          readSeconds);

      List<Scenario> scenarios = new ArrayList<>();
      scenarios.add(timed(policy, history, rules, decisions, err));
      if (other != null) {
        scenarios.add(timed(compare, history, other, null, err));
      }
      out.print(SummaryTable.render(scenarios));
      out.flush();
      if (report != null) {
        HtmlReport.write(report, messages.getFileName().toString(), scenarios);
        err.println("report written to " + report);
      }
      if (decisions != null) {
        err.println("decisions written to " + decisions);
      }
      return 0;
    } catch (UncheckedIOException e) {
      // Reported like the CLI's other expected failures: the message, no stack trace, exit code 1.
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Scenario timed(
      Path policyFile, History history, ReplayRules rules, Path decisionsFile, PrintWriter err) {
    // The replay runs on this thread; its CPU time says what one core does even when others share
    // the machine.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    Scenario scenario =
        Simulation.run(policyFile.getFileName().toString(), history, rules, decisionsFile);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    int n = history.messages().size();
    err.printf(
        Locale.ROOT,
        "replayed %d messages under %s in %.1f s wall (%,.0f messages/s), %.1f s CPU "
            + "(%,.0f messages per CPU-second)%n",
        n,
        policyFile,
        seconds,
        n / Math.max(seconds, 1e-9),
        cpuSeconds,
        n / Math.max(cpuSeconds, 1e-9));
    return scenario;
  }

  private static void reportInvalid(History history, PrintWriter err) {
    List<InvalidLine> invalid = history.invalid();
    for (int i = 0; i < Math.min(ERRORS_SHOWN, invalid.size()); i++) {
      err.println("unreadable, counted as INVALID: " + invalid.get(i));
    }
    if (invalid.size() > ERRORS_SHOWN) {
      err.println("... and " + (invalid.size() - ERRORS_SHOWN) + " more unreadable lines");
    }
  }
}
