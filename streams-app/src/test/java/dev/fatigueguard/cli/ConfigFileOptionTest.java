package dev.fatigueguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command that talks to the cluster takes {@code --config} the same way and loads it alike.
 */
class ConfigFileOptionTest {

  private static final String POLICY =
      """
      {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":1,"window":"P1D"}]}""";
  private static final String PREFERENCES =
      """
      {"customerId":"c1","optOuts":[{"category":"NEWSLETTER"}]}""";

  @TempDir Path dir;

  static List<List<String>> commandsThatLoadTheConfiguration() {
    return List.of(
        List.of("run"),
        List.of("check"),
        List.of("topics"),
        List.of("policy", "publish", "policy.json"),
        List.of("preferences", "publish", "preferences.json"),
        List.of("preferences", "erase", "--customer", "c1"));
  }

  @ParameterizedTest
  @MethodSource("commandsThatLoadTheConfiguration")
  void aMissingConfigurationFileIsNamedWithoutAStackTrace(List<String> command) throws IOException {
    Files.writeString(dir.resolve("policy.json"), POLICY);
    Files.writeString(dir.resolve("preferences.json"), PREFERENCES);
    Path missing = dir.resolve("nowhere.properties");
    StringWriter err = new StringWriter();
    CommandLine cli = FatigueGuardCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));
    String[] args =
        command.stream()
            .map(a -> a.endsWith(".json") ? dir.resolve(a).toString() : a)
            .toArray(String[]::new);
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, args.length);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = missing.toString();

    int exit = cli.execute(withConfig);

    assertThat(exit).isEqualTo(FriendlyErrors.CONFIG_ERROR);
    assertThat(err.toString())
        .isEqualTo("fatigue-guard: configuration file " + missing + " does not exist\n");
  }

  @ParameterizedTest
  @MethodSource("commandsThatLoadTheConfiguration")
  void theConfigOptionIsRequired(List<String> command) {
    StringWriter err = new StringWriter();
    CommandLine cli = FatigueGuardCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute(command.toArray(String[]::new));

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
  }
}
