package dev.fatigueguard.cli;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.app.StartupTimeline;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.preflight.Preflight;
import dev.fatigueguard.preflight.PreflightReport;
import java.util.concurrent.Callable;
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
    if (!skipCheck) {
      var err = spec.commandLine().getErr();
      PreflightReport report =
          Preflight.run(
              guardConfig,
              result -> {
                err.println(result.line());
                err.flush();
              });
      if (!report.ok()) {
        err.println(
            "fatigue-guard: not starting: "
                + report.failures().size()
                + (report.failures().size() == 1 ? " check" : " checks")
                + " failed (--skip-check starts anyway)");
        err.flush();
        return FriendlyErrors.RUNTIME_ERROR;
      }
      err.flush();
      timeline.reached(StartupTimeline.PREFLIGHT);
    }
    GuardApplication app = new GuardApplication(guardConfig, System.getenv(), timeline);
    timeline.reached(StartupTimeline.BUILT);
    Thread shutdown = new Thread(app::close, "fatigue-guard-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    app.start();
    app.awaitStop();
    return 0;
  }
}
