package dev.fatigueguard.cli;

import dev.fatigueguard.preflight.Preflight;
import dev.fatigueguard.preflight.PreflightReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fatigue-guard check --config FILE}: can the guard start here, and if not, why. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check what the guard needs before it starts: the broker, ACLs, topics, registry, schemas,"
          + " a published policy, state.dir and the HTTP port.",
      "One line per check (✓ fine, ✗ failed with the fix, – not verified); exit code 0 when"
          + " nothing failed, 1 otherwise."
    })
final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigFileOption config;

  @Option(
      names = "--json",
      description = "Print one JSON object: {\"ok\":..,\"checks\":[{check,status,detail,fix}]}.")
  boolean json;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    PreflightReport report =
        Preflight.run(
            config.load(),
            result -> {
              if (!json) {
                out.println(result.line());
                out.flush();
              }
            });
    if (json) {
      out.println(report.json());
      out.flush();
    }
    return report.ok() ? 0 : 1;
  }
}
