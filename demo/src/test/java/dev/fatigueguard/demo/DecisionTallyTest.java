package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.traffic.TrafficMix;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionTallyTest {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private final DecisionTally tally = newTally();

  private static DecisionTally newTally() {
    Properties consumer = new Properties();
    // Never polled in these tests: nothing connects.
    consumer.put("bootstrap.servers", "127.0.0.1:9");
    return new DecisionTally(
        consumer,
        "contact-decisions",
        "outbound-messages-dlq",
        Map.of("schema.registry.url", "mock://decision-tally-test"));
  }

  @AfterEach
  void close() {
    tally.close();
  }

  private static ContactDecision decision(
      String messageId,
      Channel channel,
      Decision decision,
      DropReason reason,
      Instant decidedAt,
      Instant heldSince) {
    return ContactDecision.newBuilder()
        .setMessageId(messageId)
        .setCustomerId("c-00001")
        .setChannel(channel)
        .setCategory("MARKETING")
        .setDecision(decision)
        .setReason(reason)
        .setDecidedAt(decidedAt)
        .setHeldSince(heldSince)
        .setMessageCreatedAt(T0)
        .build();
  }

  private DemoReport snapshot() {
    return tally.snapshot(Duration.ofSeconds(5), Map.of(TrafficMix.PROMOTIONS, 1000L), 1000);
  }

  @Test
  void aMessageHeldTwiceThenReleasedIsOneHoldWithItsHoldTime() {
    tally.count(decision("m-1", Channel.SMS, Decision.DELAYED, DropReason.CAP_EXCEEDED, T0, T0));
    tally.count(
        decision(
            "m-1", Channel.SMS, Decision.DELAYED, DropReason.CAP_EXCEEDED, T0.plusSeconds(60), T0));
    tally.count(decision("m-1", Channel.SMS, Decision.RELEASED, null, T0.plusSeconds(90), T0));

    DemoReport report = snapshot();

    assertThat(report.count(Decision.DELAYED)).isEqualTo(2);
    assertThat(report.count(Decision.RELEASED)).isEqualTo(1);
    assertThat(report.heldMessages()).isEqualTo(1);
    assertThat(report.heldNow()).isZero();
    assertThat(report.releasedAfterHold()).isEqualTo(1);
    assertThat(report.meanHold()).isEqualTo(Duration.ofSeconds(90));
    assertThat(report.delayed()).containsExactly(Map.entry(DropReason.CAP_EXCEEDED, 2L));
    assertThat(report.channels().get(Channel.SMS))
        .containsEntry(Decision.DELAYED, 2L)
        .containsEntry(Decision.RELEASED, 1L);
  }

  @Test
  void theFinalReportSaysTheReasonsCountHoldsNotMessages() {
    tally.count(decision("m-1", Channel.SMS, Decision.DELAYED, DropReason.CAP_EXCEEDED, T0, T0));
    tally.count(
        decision(
            "m-1", Channel.SMS, Decision.DELAYED, DropReason.QUIET_HOURS, T0.plusSeconds(60), T0));

    String report = snapshot().finalReport();

    assertThat(report)
        .containsPattern(
            "held +1 messages held at least once; 2 holds, by reason: "
                + "CAP_EXCEEDED 1, QUIET_HOURS 1");
  }

  @Test
  void aDuplicateOfAHeldMessageLeavesTheOriginalHeld() {
    tally.count(decision("m-1", Channel.EMAIL, Decision.DELAYED, DropReason.QUIET_HOURS, T0, T0));
    tally.count(
        decision(
            "m-1", Channel.EMAIL, Decision.DROPPED, DropReason.DUPLICATE, T0.plusSeconds(1), null));

    DemoReport report = snapshot();

    assertThat(report.heldNow()).isEqualTo(1);
    assertThat(report.dropped(DropReason.DUPLICATE)).isEqualTo(1);
    assertThat(report.droppedAfterHold()).isEmpty();
  }

  @Test
  void aHeldMessageThatExpiresCountsAsDroppedAfterAHold() {
    tally.count(decision("m-2", Channel.PUSH, Decision.DELAYED, DropReason.SNOOZED, T0, T0));
    tally.count(
        decision(
            "m-2", Channel.PUSH, Decision.DROPPED, DropReason.EXPIRED, T0.plusSeconds(180), T0));
    tally.count(decision("m-3", Channel.PUSH, Decision.APPROVED, null, T0, null));

    DemoReport report = snapshot();

    assertThat(report.heldNow()).isZero();
    assertThat(report.droppedAfterHold()).containsExactly(Map.entry(DropReason.EXPIRED, 1L));
    assertThat(report.dropped(DropReason.EXPIRED)).isEqualTo(1);
    assertThat(report.totalDecisions()).isEqualTo(3);
  }

  @Test
  void theTableListsEveryReasonTheDemoIsMeantToShowInAlignedColumns() {
    tally.count(decision("m-1", Channel.EMAIL, Decision.APPROVED, null, T0, null));
    tally.count(decision("m-2", Channel.SMS, Decision.DROPPED, DropReason.OPTED_OUT, T0, null));

    List<String> lines = snapshot().table().lines().toList();

    assertThat(lines.get(0))
        .contains(
            "decision", "dropped as", "channel", "approved", "delayed", "released", "dropped");
    for (DropReason reason : DemoReport.SHOWN_REASONS) {
      assertThat(lines).anySatisfy(line -> assertThat(line).contains(reason.name()));
    }
    int reasonColumn = lines.get(0).indexOf("dropped as");
    assertThat(lines)
        .filteredOn(line -> line.contains("OPTED_OUT"))
        .allSatisfy(line -> assertThat(line.indexOf("OPTED_OUT")).isEqualTo(reasonColumn));
    int channelColumn = lines.get(0).indexOf("channel");
    assertThat(lines)
        .filteredOn(line -> line.contains("EMAIL"))
        .allSatisfy(line -> assertThat(line.indexOf("EMAIL")).isEqualTo(channelColumn));
  }

  @Test
  void theLiveLineShowsRatesSinceThePreviousSnapshot() {
    DemoReport before = tally.snapshot(Duration.ZERO, Map.of(), 0);
    tally.count(decision("m-1", Channel.EMAIL, Decision.APPROVED, null, T0, null));

    String live = snapshot().live(before);

    assertThat(live.lines().findFirst())
        .hasValueSatisfying(
            first ->
                assertThat(first)
                    .startsWith("[00:05]")
                    .contains("input   200.0/s", "1,000 sent", "decisions     0.2/s"));
  }
}
