package dev.fatigueguard.cli;

import dev.fatigueguard.config.GuardConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code -c/--config FILE} option of every command that talks to the cluster, and the one way
 * they load it: the file plus {@code FATIGUE_GUARD_*} environment overrides, validated.
 */
final class ConfigFileOption {

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "Properties file; FATIGUE_GUARD_* environment variables override it.")
  Path file;

  GuardConfig load() {
    return GuardConfig.load(file, System.getenv());
  }
}
