package dev.fatigueguard.topology;

import static dev.fatigueguard.topology.GuardDriver.T0;
import static dev.fatigueguard.topology.GuardDriver.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-campaign caps and superseding held messages, in the real topology. */
class GuardCampaignsTest {

  private static final String ONE_PER_CAMPAIGN_PER_HOUR =
      """
      {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D",
       "caps":[{"id":"per-campaign","max":1,"window":"PT1H","perCampaign":true}]}""";

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
  void aPerCampaignCapLetsOneMessageOfEachCampaignThroughAndHoldsTheSecond() {
    guard.policy(ONE_PER_CAMPAIGN_PER_HOUR);
    guard.send(message("spring-1", "c1").setCampaignId("spring").build(), T0);
    guard.send(message("easter-1", "c1").setCampaignId("easter").build(), T0.plusSeconds(1));
    guard.send(message("spring-2", "c1").setCampaignId("spring").build(), T0.plusSeconds(2));
    guard.send(message("none", "c1").build(), T0.plusSeconds(3));

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("spring-1", "easter-1", "none");
    ContactDecision held =
        guard.decisions().stream()
            .filter(d -> d.getMessageId().equals("spring-2"))
            .findFirst()
            .orElseThrow();
    assertThat(held.getDecision()).isEqualTo(Decision.DELAYED);
    assertThat(held.getRuleId()).isEqualTo("default/per-campaign");
    assertThat(held.getDetail()).startsWith("1 of 1 in PT1H for campaign spring");
    assertThat(held.getReleaseAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void aNewerMessageWithTheSameCollapseKeySupersedesTheHeldOne() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D",
         "caps":[{"id":"hourly","max":1,"window":"PT1H"}]}""");
    guard.send(message("first", "c1").build(), T0);
    guard.send(message("shipped", "c1").setCollapseKey("order-7").build(), T0.plusSeconds(1));
    guard.send(message("other-key", "c1").setCollapseKey("order-8").build(), T0.plusSeconds(2));
    guard.send(message("other-customer", "c2").setCollapseKey("order-7").build(), T0);
    guard.decisions();
    guard.suppressed();

    guard.send(message("delivered", "c1").setCollapseKey("order-7").build(), T0.plusSeconds(3));

    List<ContactDecision> decisions = guard.decisions();
    assertThat(decisions)
        .extracting(ContactDecision::getMessageId, ContactDecision::getDecision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("shipped", Decision.DROPPED),
            org.assertj.core.groups.Tuple.tuple("delivered", Decision.DELAYED));
    ContactDecision superseded = decisions.get(0);
    assertThat(superseded.getReason()).isEqualTo(DropReason.SUPERSEDED);
    assertThat(superseded.getDetail())
        .isEqualTo("superseded by newer message delivered with the same collapseKey order-7");
    assertThat(superseded.getHeldSince()).isEqualTo(T0.plusSeconds(1));
    assertThat(guard.suppressed()).hasSize(1);

    // The superseded message never goes out; the newer one and the other key do, in their turn.
    for (int hour = 0; hour < 4; hour++) {
      guard.advanceWallClock(Duration.ofHours(1).plusSeconds(5));
    }
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .doesNotContain("shipped")
        .contains("delivered", "other-key");
  }

  @Test
  void anApprovedMessageIsHistoryAndIsNotSuperseded() {
    guard.policy(
        """
        {"tenant":"default"}""");
    guard.send(message("shipped", "c1").setCollapseKey("order-7").build(), T0);
    guard.send(message("delivered", "c1").setCollapseKey("order-7").build(), T0.plusSeconds(1));

    assertThat(guard.decisions())
        .extracting(ContactDecision::getDecision)
        .containsExactly(Decision.APPROVED, Decision.APPROVED);
  }
}
