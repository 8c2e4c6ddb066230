package dev.fatigueguard.topology;

import static dev.fatigueguard.topology.GuardDriver.T0;
import static dev.fatigueguard.topology.GuardDriver.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Send windows and presets in the real topology, driven by a TopologyTestDriver. */
class SendWindowTopologyTest {

  /** T0 is Monday 2026-03-02 10:00 UTC, 11:00 in Berlin: before the 14:00-18:00 window. */
  private static final String AFTERNOONS_IN_BERLIN =
      """
      {"tenant":"default","defaultZone":"Europe/Berlin","overflowAction":"%s","maxDelay":"P2D",
       "sendWindows":[{"id":"afternoon","start":"14:00","end":"18:00","days":["MON","TUE","WED","THU","FRI"]}]}""";

  private GuardDriver guard;

  @BeforeEach
  void start() {
    guard = new GuardDriver();
  }

  @AfterEach
  void stop() {
    guard.close();
  }

  @Test
  void aMessageOutsideTheWindowIsHeldAndReleasedWhenTheWindowOpens() {
    guard.policy(AFTERNOONS_IN_BERLIN.formatted("DELAY"));
    guard.send(message("m1", "c1").build(), T0);

    ContactDecision held = guard.decisions().get(0);
    assertThat(held.getDecision()).isEqualTo(Decision.DELAYED);
    assertThat(held.getReason()).isEqualTo(DropReason.OUTSIDE_SEND_WINDOW);
    assertThat(held.getRuleId()).isEqualTo("default/afternoon");
    assertThat(held.getReleaseAt()).isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));
    assertThat(held.getDetail())
        .startsWith(
            "outside send window default/afternoon 14:00\u201318:00 Mon\u2013Fri Europe/Berlin;"
                + " opens at 2026-03-02T13:00:00Z");

    guard.advanceWallClock(Duration.ofHours(2).plusMinutes(59));
    assertThat(guard.approved.isEmpty()).isTrue();

    guard.advanceWallClock(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1");
    assertThat(guard.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.getDecision()).isEqualTo(Decision.RELEASED));
  }

  @Test
  void withOverflowDropAMessageOutsideTheWindowIsSuppressed() {
    guard.policy(AFTERNOONS_IN_BERLIN.formatted("DROP"));
    guard.send(message("m1", "c1").build(), T0);

    assertThat(guard.approved.isEmpty()).isTrue();
    ContactDecision dropped = guard.decisions().get(0);
    assertThat(dropped.getDecision()).isEqualTo(Decision.DROPPED);
    assertThat(dropped.getReason()).isEqualTo(DropReason.OUTSIDE_SEND_WINDOW);
    assertThat(guard.suppressed())
        .singleElement()
        .satisfies(
            s -> assertThat(s.getDecision().getReason()).isEqualTo(DropReason.OUTSIDE_SEND_WINDOW));
  }

  @Test
  void theUsTcpaPresetHoldsATextUntilEightInTheCustomersZoneButNotAnEmail() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D","include":["us-tcpa"]}""");
    // T0 is 05:00 in New York.
    guard.preferences(
        """
        {"customerId":"c1","zone":"America/New_York"}""",
        T0);
    guard.send(message("sms", "c1").setChannel(Channel.SMS).build(), T0);
    guard.send(message("email", "c1").build(), T0);

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("email");
    ContactDecision held = guard.decisions().get(0);
    assertThat(held.getReason()).isEqualTo(DropReason.OUTSIDE_SEND_WINDOW);
    assertThat(held.getRuleId()).isEqualTo("preset:us-tcpa/calling-hours");
    assertThat(held.getReleaseAt()).isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));

    guard.advanceWallClock(Duration.ofHours(3).plusSeconds(1));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("sms");
  }

  @Test
  void aCustomersOwnSendWindowHoldsTheirMessages() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D"}""");
    guard.preferences(
        """
        {"customerId":"c1","zone":"Europe/Berlin",
         "sendWindows":[{"id":"evenings","start":"18:00","end":"21:00"}]}""",
        T0);
    guard.send(message("m1", "c1").build(), T0);

    ContactDecision held = guard.decisions().get(0);
    assertThat(held.getReason()).isEqualTo(DropReason.OUTSIDE_SEND_WINDOW);
    assertThat(held.getRuleId()).isEqualTo("customer/evenings");
    assertThat(held.getReleaseAt()).isEqualTo(Instant.parse("2026-03-02T17:00:00Z"));
  }
}
