package dev.fatigueguard.cli;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.app.StartupTimeline;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.preflight.CheckResult;
import dev.fatigueguard.preflight.Preflight;
import dev.fatigueguard.preflight.PreflightReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fatigue-guard run --config FILE}: the guard against a real cluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the guard against a Kafka cluster and Schema Registry.",
      "Runs `check` first and does not start when a check fails."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigFileOption config;

  @Option(
      names = {"--skip-check", "--skip-topic-check"},
      description = "Start without the checks of `fatigue-guard check`.")
  boolean skipCheck;

  @Override
  public Integer call() throws InterruptedException {
    StartupTimeline timeline = StartupTimeline.ofThisProcess();
    GuardConfig guardConfig = config.load();
    timeline.reached(StartupTimeline.CONFIG);
    GuardApplication.loadNativeLibraryInBackground();
    PrintWriter err = spec.commandLine().getErr();
    // The checks mostly wait on the cluster and the registry, building the guard mostly loads
    // classes: side by side a restart waits for the longer of the two, not for both. Building
    // binds the HTTP ports and creates the Kafka Streams client, but joins no group and decides
    // nothing, so a failed check still stops the guard before it touches a message.
    CompletableFuture<PreflightReport> checks =
        skipCheck
            ? CompletableFuture.completedFuture(null)
            : Preflight.startWithoutHttpPort(guardConfig, result -> print(err, result));
    GuardApplication app;
    try {
      app = new GuardApplication(guardConfig, System.getenv(), timeline);
    } catch (RuntimeException e) {
      if (skipCheck) {
        throw e;
      }
      // A port in use, an unwritable state directory: the checks say which, with the fix.
      CheckResult port = Preflight.httpPort(guardConfig);
      print(err, port);
      PreflightReport report;
      try {
        report = Preflight.await(checks).with(port);
      } catch (RuntimeException checkFailed) {
        checkFailed.addSuppressed(e);
        throw checkFailed;
      }
      if (!report.ok()) {
        return notStarting(err, report);
      }
      throw e;
    }
    timeline.reached(StartupTimeline.BUILT);
    if (!skipCheck) {
      PreflightReport report;
      try {
        report = Preflight.await(checks);
      } catch (RuntimeException e) {
        app.close();
        throw e;
      }
      if (!report.ok()) {
        app.close();
        return notStarting(err, report);
      }
      timeline.reached(StartupTimeline.PREFLIGHT);
    }
    Thread shutdown = new Thread(app::close, "fatigue-guard-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    app.start();
    app.awaitStop();
    return 0;
  }

  private static void print(PrintWriter err, CheckResult result) {
    synchronized (err) {
      err.println(result.line());
      err.flush();
    }
  }

  private static int notStarting(PrintWriter err, PreflightReport report) {
    int failed = report.failures().size();
    err.println(
        "fatigue-guard: not starting: "
            + failed
            + (failed == 1 ? " check" : " checks")
            + " failed (--skip-check starts anyway)");
    err.flush();
    return FriendlyErrors.RUNTIME_ERROR;
  }
}
