package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.decision.Decider;
import dev.fatigueguard.decision.MessageFacts;
import dev.fatigueguard.decision.Outcome;
import dev.fatigueguard.decision.Reason;
import dev.fatigueguard.decision.Verdict;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.PolicyValidation;
import dev.fatigueguard.policy.QuietPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoScenarioTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:17:42Z");

  private static MessageFacts marketingEmail(String customerId, long now) {
    return new MessageFacts(
        "m-1",
        customerId,
        null,
        "EMAIL",
        "MARKETING",
        Set.of(),
        0,
        now,
        MessageFacts.NO_EXPIRY,
        true);
  }

  @Test
  void theSameSeedGivesTheSamePreferencesAndAnotherSeedDoesNot() {
    assertThat(new DemoScenario(42, 2000).preferences(NOW))
        .isEqualTo(new DemoScenario(42, 2000).preferences(NOW));
    assertThat(new DemoScenario(43, 2000).preferences(NOW))
        .isNotEqualTo(new DemoScenario(42, 2000).preferences(NOW));
  }

  @Test
  void aboutThirtyPercentOfCustomersSetValidPreferencesOfEveryKind() {
    List<CustomerPreferences> preferences = new DemoScenario(42, 2000).preferences(NOW);

    assertThat(preferences.size()).isBetween(540, 660);
    assertThat(preferences)
        .allSatisfy(
            p -> {
              assertThat(PolicyValidation.validate(p)).isEmpty();
              assertThat(p.zone()).isIn(DemoScenario.ZONES);
            });
    assertThat(preferences)
        .filteredOn(p -> DemoScenario.hasQuiet(p, DemoScenario.QUIET_NOW_ID))
        .hasSizeGreaterThan(60);
    assertThat(preferences)
        .filteredOn(p -> DemoScenario.hasQuiet(p, DemoScenario.NIGHT_ID))
        .hasSizeGreaterThan(60);
    assertThat(preferences).filteredOn(p -> !p.optOuts().isEmpty()).hasSizeGreaterThan(100);
    assertThat(preferences).filteredOn(p -> p.snoozeUntil() != null).hasSizeGreaterThan(40);
    assertThat(preferences).filteredOn(p -> !p.caps().isEmpty()).hasSizeGreaterThan(60);
    assertThat(preferences)
        .filteredOn(p -> p.overflowAction() == Overflow.DROP)
        .hasSizeGreaterThan(40);
    // Combinations that produce drops rather than holds.
    assertThat(preferences)
        .filteredOn(p -> p.snoozeUntil() != null && p.overflowAction() == Overflow.DROP)
        .isNotEmpty();
    assertThat(preferences.stream().flatMap(p -> p.optOuts().stream()).distinct())
        .hasSameSizeAs(DemoScenario.OPT_OUTS);
  }

  @Test
  void thePoliciesAreValid() {
    assertThat(PolicyValidation.validate(DemoScenario.defaultPolicy())).isEmpty();
    assertThat(PolicyValidation.validate(DemoScenario.retailPolicy())).isEmpty();
    assertThat(DemoScenario.describe(DemoScenario.defaultPolicy()))
        .isEqualTo(
            "2/PT1M, SMS 1/PT2M, MARKETING+PROMOTIONAL 4/PT1H, 30/P1D; overflow DELAY, maxDelay PT3M");
  }

  @Test
  void snoozesEndThirtyToSixtySecondsFromNow() {
    assertThat(new DemoScenario(42, 2000).preferences(NOW))
        .filteredOn(p -> p.snoozeUntil() != null)
        .allSatisfy(
            p ->
                assertThat(Duration.between(NOW, p.snoozeUntil()))
                    .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60)));
  }

  /**
   * Asks the guard's own decider: a message to a customer in "quiet now" hours is held for quiet
   * hours and released 30 s to 2.5 min from now, whatever the zone, the second within the minute,
   * and also when the quiet period crosses local midnight.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-03-02T10:17:00Z",
        "2026-03-02T10:17:29Z",
        "2026-03-02T10:17:31Z",
        "2026-03-02T10:17:59.999Z",
        "2026-03-02T23:59:40Z",
        "2026-03-02T14:30:10Z",
        "2026-07-15T05:01:02Z"
      })
  void quietHoursNowHoldMessagesUntilOneOrTwoMinutesFromNow(String instant) {
    Instant now = Instant.parse(instant);
    Random random = new Random(1);
    for (var zone : DemoScenario.ZONES) {
      for (int i = 0; i < 20; i++) {
        QuietPeriod quiet = DemoScenario.quietNow(zone, now, random);
        CustomerPreferences onlyQuiet =
            new CustomerPreferences("c-1", zone, List.of(), List.of(quiet), List.of(), null, null);
        Verdict verdict =
            Decider.decide(
                marketingEmail("c-1", now.toEpochMilli()),
                Layering.resolve(DemoScenario.defaultPolicy(), null, onlyQuiet),
                new ContactLedger(),
                now.toEpochMilli(),
                Decider.LIVE);

        assertThat(verdict.outcome()).as("%s at %s", quiet, zone).isEqualTo(Outcome.HOLD);
        assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
        assertThat(Duration.ofMillis(verdict.releaseAtMillis() - now.toEpochMilli()))
            .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(150));
      }
    }
  }

  @Test
  void snoozedCustomersAreHeldUnlessTheyPreferDrop() {
    long now = NOW.toEpochMilli();
    for (CustomerPreferences p : new DemoScenario(42, 2000).preferences(NOW)) {
      // Opt-outs decide first; night quiet hours may outlast maxDelay and turn the hold into a
      // drop.
      if (p.snoozeUntil() == null
          || !p.optOuts().isEmpty()
          || DemoScenario.hasQuiet(p, DemoScenario.NIGHT_ID)) {
        continue;
      }
      Verdict verdict =
          Decider.decide(
              marketingEmail(p.customerId(), now),
              Layering.resolve(DemoScenario.defaultPolicy(), null, p),
              new ContactLedger(),
              now,
              Decider.LIVE);

      assertThat(verdict.reason()).isEqualTo(Reason.SNOOZED);
      assertThat(verdict.outcome())
          .isEqualTo(p.overflowAction() == Overflow.DROP ? Outcome.DROP : Outcome.HOLD);
    }
  }

  @Test
  void theRetailTenantDropsASecondPushInsteadOfDelayingIt() {
    long now = NOW.toEpochMilli();
    ContactLedger ledger = new ContactLedger();
    ledger.record(now - 60_000, "PUSH", "PROMOTIONAL", Set.of());
    MessageFacts push =
        new MessageFacts(
            "m-2",
            "c-1",
            DemoScenario.RETAIL,
            "PUSH",
            "PROMOTIONAL",
            Set.of(),
            0,
            now,
            MessageFacts.NO_EXPIRY,
            true);

    Verdict verdict =
        Decider.decide(
            push,
            Layering.resolve(DemoScenario.defaultPolicy(), DemoScenario.retailPolicy(), null),
            ledger,
            now,
            Decider.LIVE);

    assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
    assertThat(verdict.reason()).isEqualTo(Reason.CAP_EXCEEDED);
    assertThat(verdict.ruleId()).isEqualTo("tenant:retail/push");
  }
}
