package dev.fatigueguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.cli.FatigueGuardCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fatigue-guard simulate} as a user runs it: files in, exit code, summary and errors out.
 */
class SimulateCommandTest {

  private static final String POLICY =
      """
      {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":1,"window":"P1D"}]}""";

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void malformedLinesAreNamedAndCountedAsInvalidWhileTheRestIsReplayed() throws IOException {
    Path messages =
        write(
            "history.jsonl",
            line("m1", "c1", "2026-03-02T10:00:00Z"),
            line("m2", "c1", "2026-03-02T10:05:00Z"),
            "{\"messageId\":\"m3\",\"customerId\":\"c2\",\"channel\":\"EMAIL\",\"category\":\"MARKETING\","
                + "\"createdAt\":\"yesterday\"}",
            "{\"messageId\":\"m4\",\"customerId\":\"c2\",\"channel\":\"PIGEON\",\"category\":\"MARKETING\","
                + "\"createdAt\":\"2026-03-02T10:00:00Z\"}",
            "",
            "not json at all",
            line("m5", "c2", "2026-03-02T11:00:00Z"));
    Path policy = write("policy.json", POLICY);
    Path decisions = dir.resolve("decisions.jsonl");

    int exit =
        run(
            "simulate",
            "--messages",
            messages.toString(),
            "--policy",
            policy.toString(),
            "--decisions",
            decisions.toString());

    assertThat(exit).isZero();
    assertThat(err.toString())
        .contains(messages + ":3: createdAt: must be an ISO-8601 instant")
        .contains(messages + ":4: channel: unknown channel 'PIGEON'")
        .contains(messages + ":6: $: is not valid JSON");
    assertThat(out.toString())
        .containsPattern("input lines +6\\n")
        .containsPattern("unreadable \\(INVALID\\) +3\\n")
        .containsPattern("messages replayed +3\\n")
        .containsPattern("APPROVED +2\\n")
        .containsPattern("INVALID dropped +3\\n")
        .containsPattern("CAP_EXCEEDED dropped +1\\n");
    List<String> lines = Files.readAllLines(decisions);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1))
        .contains(
            "\"messageId\":\"m2\"",
            "\"decision\":\"DROPPED\"",
            "\"reason\":\"CAP_EXCEEDED\"",
            "\"ruleId\":\"default/daily\"",
            "\"decidedAt\":\"2026-03-02T10:05:00Z\"");
  }

  @Test
  void anInvalidPolicyStopsTheRunWithExitCode2NamingTheRuleAndField() throws IOException {
    Path messages = write("history.jsonl", line("m1", "c1", "2026-03-02T10:00:00Z"));
    Path policy =
        write(
            "policy.json",
            """
        [{"tenant":"default","caps":[{"id":"daily","max":3,"window":"P1D"}]},
         {"tenant":"acme","caps":[{"id":"ok","max":1,"window":"PT1H"},{"id":"weekly","max":5,"window":"P1X"}]}]""");

    int exit = run("simulate", "--messages", messages.toString(), "--policy", policy.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("[1] tenant 'acme' caps[1] (rule 'weekly').window: must be an ISO-8601 duration");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void comparesTwoPoliciesSideBySide() throws IOException {
    Path messages =
        write(
            "history.jsonl",
            line("m1", "c1", "2026-03-02T10:00:00Z"),
            line("m2", "c1", "2026-03-02T10:05:00Z"));
    Path strict = write("strict.json", POLICY);
    Path loose =
        write(
            "loose.json",
            """
        {"tenant":"default","caps":[{"id":"daily","max":5,"window":"P1D"}]}""");

    int exit =
        run(
            "simulate",
            "--messages",
            messages.toString(),
            "--policy",
            strict.toString(),
            "--compare",
            loose.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("strict.json", "loose.json", "Δ")
        .containsPattern("APPROVED +1 +2 +\\+1\\n");
  }

  @Test
  void filesThatCannotBeUsedAreNamedWithTheReasonBeforeAnyReplay() throws IOException {
    Path messages = write("history.jsonl", line("m1", "c1", "2026-03-02T10:00:00Z"));
    Path policy = write("policy.json", POLICY);
    Path missing = dir.resolve("no-such-history.jsonl");
    Path nowhere = dir.resolve("missing-dir").resolve("report.html");

    int noHistory =
        run("simulate", "--messages", missing.toString(), "--policy", policy.toString());
    String noHistoryErr = err.toString();
    err.getBuffer().setLength(0);
    int noReportDir =
        run(
            "simulate",
            "--messages",
            messages.toString(),
            "--policy",
            policy.toString(),
            "--report",
            nowhere.toString());

    assertThat(noHistory).isEqualTo(1);
    assertThat(noHistoryErr.strip())
        .isEqualTo(
            "fatigue-guard: cannot read message history "
                + missing
                + ": no such file or directory");
    assertThat(noReportDir).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("directory " + nowhere.getParent() + " of " + nowhere + " does not exist")
        .doesNotContain("read 1 messages");
  }

  private int run(String... args) {
    CommandLine cli = FatigueGuardCommand.commandLine().addSubcommand(new SimulateCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String line(String id, String customer, String createdAt) {
    return "{\"messageId\":\""
        + id
        + "\",\"customerId\":\""
        + customer
        + "\",\"channel\":\"EMAIL\",\"category\":\"MARKETING\",\"createdAt\":\""
        + createdAt
        + "\"}";
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }
}
