package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The whole demo in-process, as {@code java -jar fatigue-guard.jar demo} runs it: embedded broker,
 * the real guard, synthetic senders, dashboard. Small numbers, but long enough for the time-bound
 * preferences and one-minute windows to play out, so every outcome the demo promises must appear.
 */
class DemoCommandIT {

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void everyOutcomeShowsUpWithinAMinute() {
    CommandLine cli = DemoMain.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    DemoCommand demo = (DemoCommand) cli.getSubcommands().get("demo").getCommand();

    int exit =
        cli.execute(
            "demo",
            "--duration",
            "60s",
            "--customers",
            "300",
            "--rate",
            "100",
            "--seed",
            "42",
            "--http-port",
            "0");
    DemoReport report = demo.report();
    System.out.println(out);

    assertThat(exit).isZero();
    assertThat(report.inputSent()).isBetween(5_500L, 6_500L);
    assertThat(report.inputAcknowledged()).isEqualTo(report.inputSent());
    assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    for (Decision decision :
        new Decision[] {Decision.APPROVED, Decision.DELAYED, Decision.RELEASED, Decision.DROPPED}) {
      assertThat(report.count(decision)).as(decision.name()).isPositive();
    }
    for (DropReason reason : DemoReport.SHOWN_REASONS) {
      assertThat(report.dropped(reason)).as(reason.name()).isPositive();
    }
    assertThat(report.dlq()).isPositive();
    assertThat(report.releasedAfterHold()).isPositive();
    assertThat(report.meanHold()).isPositive();
    assertThat(report.unreadableDecisions()).isZero();
    // Every message the senders produced got a first decision (resends get DUPLICATE, broken
    // records the DLQ).
    long firstDecisions =
        report.count(Decision.APPROVED)
            + report.heldMessages()
            + report.count(Decision.DROPPED)
            - report.droppedAfterHold().values().stream().mapToLong(Long::longValue).sum();
    long avroSent =
        report.inputSent()
            - report.dlqReasons().entrySet().stream()
                .filter(e -> e.getKey().startsWith("cannot read"))
                .mapToLong(java.util.Map.Entry::getValue)
                .sum();
    assertThat(firstDecisions).isEqualTo(avroSent);

    String printed = out.toString();
    // Frames are due every 5 s since sending began, but a frame's label is the time its snapshot
    // was read, which a loaded machine delays by a second or more: ask for the first frame and one
    // near the minute's end, not exact labels.
    assertThat(printed)
        .containsPattern("\\[00:0[5-9]\\]")
        .containsPattern("\\[00:5\\d\\]|\\[01:\\d\\d\\]")
        .contains("== final report", "temporary directories deleted");
  }
}
