package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.at;
import static dev.fatigueguard.decision.MessageBuilder.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Period;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeciderCampaignsTest {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long NOW = at("2026-11-24T12:00:00Z");

  private static EffectiveRules rules(List<Cap> caps, List<QuietPeriod> quietHours) {
    return Layering.resolve(
        new Policy("default", caps, quietHours, null, null, null, false, null, null), null, null);
  }

  private static EffectiveRules rules(Cap... caps) {
    return rules(List.of(caps), List.of());
  }

  private static Cap oncePerCampaignPerWeek() {
    return new Cap("per-campaign", 1, Duration.ofDays(7), Scope.ALL).perCampaign(true);
  }

  private static Verdict decide(MessageFacts m, EffectiveRules rules, ContactLedger ledger) {
    return Decider.decide(m, rules, ledger, NOW, Decider.LIVE);
  }

  @Test
  void aPerCampaignCapCountsEachCampaignSeparately() {
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - 6 * DAY, "EMAIL", "MARKETING", Set.of(), "spring", "acme");

    Verdict sameCampaign =
        decide(message().campaign("spring").build(), rules(oncePerCampaignPerWeek()), ledger);
    Verdict otherCampaign =
        decide(message().campaign("easter").build(), rules(oncePerCampaignPerWeek()), ledger);

    assertThat(sameCampaign.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(sameCampaign.reason()).isEqualTo(Reason.CAP_EXCEEDED);
    assertThat(sameCampaign.releaseAtMillis()).isEqualTo(NOW + DAY);
    assertThat(sameCampaign.detail())
        .startsWith(
            "1 of 1 in P7D for campaign spring (default/per-campaign); room again at"
                + " 2026-11-25T12:00:00Z");
    assertThat(sameCampaign.windowCounts())
        .containsExactly(new CapUsage("default/per-campaign", 1, 1, Duration.ofDays(7)));
    assertThat(otherCampaign.outcome()).isEqualTo(Outcome.APPROVE);
    assertThat(otherCampaign.windowCounts())
        .containsExactly(new CapUsage("default/per-campaign", 0, 1, Duration.ofDays(7)));
  }

  @Test
  void aMessageWithoutACampaignIsNotInScopeOfAPerCampaignCap() {
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - HOUR, "EMAIL", "MARKETING", Set.of(), null, "acme");
    ledger.record(NOW - HOUR, "EMAIL", "MARKETING", Set.of(), null, "acme");

    Verdict verdict = decide(message().build(), rules(oncePerCampaignPerWeek()), ledger);

    assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
    assertThat(verdict.windowCounts()).isEmpty();
  }

  @Test
  void contactsWithoutACampaignDoNotCountTowardsAnyCampaign() {
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - HOUR, "EMAIL", "MARKETING", Set.of(), null, null);

    Verdict verdict =
        decide(message().campaign("spring").build(), rules(oncePerCampaignPerWeek()), ledger);

    assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void aPerCampaignCalendarCapHasRoomAgainNextLocalPeriod() {
    Cap daily = Cap.perPeriod("daily-per-campaign", 1, Period.DAY, Scope.ALL).perCampaign(true);
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - HOUR, "SMS", "MARKETING", Set.of(), "spring", null);

    Verdict verdict = decide(message().campaign("spring").build(), rules(daily), ledger);

    assertThat(verdict.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-25T00:00:00Z"));
    assertThat(verdict.detail()).startsWith("1 of 1 this local DAY for campaign spring");
  }

  @Test
  void aCapScopedToCampaignsCountsOnlyThoseCampaignsTogether() {
    Cap seasonal =
        new Cap(
            "seasonal",
            2,
            Duration.ofDays(1),
            new Scope(Set.of(), Set.of(), Set.of(), Set.of("spring", "easter")));
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - 3 * HOUR, "EMAIL", "MARKETING", Set.of(), "spring", null);
    ledger.record(NOW - 2 * HOUR, "EMAIL", "MARKETING", Set.of(), "summer", null);
    ledger.record(NOW - HOUR, "EMAIL", "MARKETING", Set.of(), "easter", null);

    Verdict listed = decide(message().campaign("spring").build(), rules(seasonal), ledger);
    Verdict unlisted = decide(message().campaign("summer").build(), rules(seasonal), ledger);
    Verdict none = decide(message().build(), rules(seasonal), ledger);

    assertThat(listed.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(listed.releaseAtMillis()).isEqualTo(NOW + 21 * HOUR);
    assertThat(unlisted.outcome()).isEqualTo(Outcome.APPROVE);
    assertThat(unlisted.windowCounts()).isEmpty();
    assertThat(none.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void quietHoursScopedToACampaignHoldOnlyThatCampaign() {
    QuietPeriod quiet =
        new QuietPeriod(
            "spring-quiet",
            LocalTime.of(11, 0),
            LocalTime.of(13, 0),
            Set.of(),
            new Scope(Set.of(), Set.of(), Set.of(), Set.of("spring")));
    EffectiveRules rules = rules(List.of(), List.of(quiet));

    Verdict spring = decide(message().campaign("spring").build(), rules, new ContactLedger());
    Verdict other = decide(message().campaign("easter").build(), rules, new ContactLedger());

    assertThat(spring.reason()).isEqualTo(Reason.QUIET_HOURS);
    assertThat(spring.releaseAtMillis()).isEqualTo(NOW + HOUR);
    assertThat(other.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void theBudgetOfACampaignCountsThatCampaignAndGivesTheExactNextTime() {
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - 6 * DAY, "EMAIL", "MARKETING", Set.of(), "spring", "acme");
    EffectiveRules rules = rules(oncePerCampaignPerWeek());

    Budget spring = Budget.of(rules, ledger, "EMAIL", "MARKETING", Set.of(), "spring", NOW);
    Budget easter = Budget.of(rules, ledger, "EMAIL", "MARKETING", Set.of(), "easter", NOW);
    Budget none = Budget.of(rules, ledger, "EMAIL", "MARKETING", Set.of(), NOW);

    assertThat(spring.allowedNow()).isFalse();
    assertThat(spring.nextEligibleAtMillis()).isEqualTo(NOW + DAY);
    assertThat(spring.caps()).hasSize(1);
    assertThat(spring.caps().get(0).used()).isEqualTo(1);
    assertThat(spring.caps().get(0).oldestLeavesAtMillis()).isEqualTo(NOW + DAY);
    assertThat(easter.allowedNow()).isTrue();
    assertThat(easter.caps().get(0).used()).isZero();
    assertThat(none.allowedNow()).isTrue();
    assertThat(none.caps()).isEmpty();
  }
}
