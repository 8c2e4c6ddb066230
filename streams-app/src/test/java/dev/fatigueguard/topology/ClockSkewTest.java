package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A message whose record timestamp or createdAt is further from the guard's clock than
 * guard.max-clock-skew is not counted at that time: it goes to the DLQ with the reason and is
 * DROPPED/INVALID in the decision log. The guard's clock in these tests is the driver's wall clock,
 * which starts at T0.
 */
class ClockSkewTest {

  private static final Instant T0 = GuardDriver.T0;
  private static final String POLICY =
      """
      {"tenant":"default","caps":[{"id":"daily","max":1,"window":"P1D"}]}""";

  @Test
  void aRecordTimestampInTheYear3000IsDroppedAsInvalidAndSentToTheDlq() {
    try (GuardDriver guard = new GuardDriver()) {
      guard.policy(POLICY);
      Instant future = Instant.parse("3000-01-01T00:00:00Z");
      byte[] sent = guard.send(GuardDriver.message("m1", "c1").build(), future);

      assertThat(guard.approvedMessages()).isEmpty();
      List<ContactDecision> decisions = guard.decisions();
      assertThat(decisions).hasSize(1);
      assertThat(decisions.get(0).getDecision()).isEqualTo(Decision.DROPPED);
      assertThat(decisions.get(0).getReason()).isEqualTo(DropReason.INVALID);
      var letters = guard.deadLetters();
      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).value()).isEqualTo(sent);
      assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON))
          .contains("record timestamp (3000-01-01T00:00:00Z)")
          .contains("guard.max-clock-skew");
    }
  }

  @Test
  void aCreatedAtIn1811IsDroppedAsInvalidAndDoesNotUseTheCustomersCap() {
    try (GuardDriver guard = new GuardDriver()) {
      guard.policy(POLICY);
      guard.send(
          GuardDriver.message("old", "c1")
              .setCreatedAt(Instant.parse("1811-06-01T00:00:00Z"))
              .build(),
          T0);
      guard.send(GuardDriver.message("now", "c1").build(), T0.plusSeconds(1));

      assertThat(guard.approvedMessages()).extracting(m -> m.getMessageId()).containsExactly("now");
      assertThat(DeadLetters.header(guard.deadLetters().get(0).headers(), DeadLetters.REASON))
          .contains("createdAt (1811-06-01T00:00:00Z)");
    }
  }

  @Test
  void aTimestampWithinTheSkewIsJudgedAsUsual() {
    try (GuardDriver guard = new GuardDriver()) {
      guard.policy(POLICY);
      Instant almostADayAhead = T0.plus(Duration.ofHours(23));
      guard.send(
          GuardDriver.message("m1", "c1").setCreatedAt(almostADayAhead).build(), almostADayAhead);

      assertThat(guard.approvedMessages()).hasSize(1);
      assertThat(guard.deadLetters()).isEmpty();
    }
  }

  @Test
  void theSkewIsConfigurable() {
    try (GuardDriver guard = new GuardDriver(Map.of("guard.max-clock-skew", "PT1H"))) {
      guard.policy(POLICY);
      Instant twoHoursBehind = T0.minus(Duration.ofHours(2));
      guard.send(
          GuardDriver.message("m1", "c1").setCreatedAt(twoHoursBehind).build(), twoHoursBehind);

      assertThat(guard.approvedMessages()).isEmpty();
      assertThat(guard.decisions().get(0).getReason()).isEqualTo(DropReason.INVALID);
    }
  }
}
