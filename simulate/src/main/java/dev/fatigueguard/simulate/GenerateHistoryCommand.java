package dev.fatigueguard.simulate;

import dev.fatigueguard.cli.FileProblem;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fatigue-guard generate-history}: a reproducible synthetic history to try simulate on. */
@Command(
    name = "generate-history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Writes a synthetic, seeded OutboundMessage history as JSON Lines (same seed, same file).")
public final class GenerateHistoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--messages",
      defaultValue = "5000",
      description = "How many messages (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--customers",
      defaultValue = "500",
      description = "How many customers (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--start",
      defaultValue = "2026-03-02T00:00:00Z",
      description = "First day (default ${DEFAULT-VALUE}).")
  Instant start;

  @Option(
      names = "--span",
      defaultValue = "P14D",
      description = "Period covered (default ${DEFAULT-VALUE}).")
  Duration span;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE")
  Path out;

  @Override
  public Integer call() throws IOException {
    validateOptions();
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      new SyntheticHistory(seed, messages, customers, start, span).write(writer);
    }
    spec.commandLine()
        .getErr()
        .println("wrote " + messages + " messages for " + customers + " customers to " + out);
    return 0;
  }

  private void validateOptions() {
    List<String> problems = new ArrayList<>();
    if (messages < 1) {
      problems.add("--messages must be at least 1");
    }
    if (customers < 1) {
      problems.add("--customers must be at least 1");
    }
    if (span.isNegative() || span.isZero()) {
      problems.add("--span must be positive");
    }
    Path missing = FileProblem.missingDirectory(out);
    if (missing != null) {
      problems.add("--out: directory " + missing + " does not exist");
    }
    if (!problems.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
    }
  }
}
