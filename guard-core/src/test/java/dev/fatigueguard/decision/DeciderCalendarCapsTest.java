package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.at;
import static dev.fatigueguard.decision.MessageBuilder.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Period;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.policy.Scope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Caps per local calendar day, ISO week and month, in the customer's zone and across DST. */
class DeciderCalendarCapsTest {

  private static EffectiveRules rules(String zone, String overflow, Cap... caps) {
    return Layering.resolve(
        PolicyJson.readPolicy(
            "{\"tenant\":\"default\",\"defaultZone\":\""
                + zone
                + "\",\"overflowAction\":\""
                + overflow
                + "\"}"),
        new Policy("acme", List.of(caps), List.of(), null, null, null, null, null, null),
        null);
  }

  private static Verdict decide(EffectiveRules rules, ContactLedger ledger, long now) {
    return Decider.decide(message().build(), rules, ledger, now, Decider.LIVE);
  }

  private static ContactLedger contactsAt(long... times) {
    ContactLedger ledger = new ContactLedger();
    for (long t : times) {
      ledger.record(t, "EMAIL", "MARKETING", Set.of());
    }
    return ledger;
  }

  @Test
  void aDailyCapCountsTheLocalDayAndHoldsUntilLocalMidnight() {
    EffectiveRules daily =
        rules("Europe/Berlin", "DELAY", Cap.perPeriod("daily", 2, Period.DAY, Scope.ALL));
    // 2026-11-24 in Berlin is UTC+1: local midnight is 23:00Z.
    ContactLedger ledger = contactsAt(at("2026-11-24T08:00:00Z"), at("2026-11-24T20:00:00Z"));

    Verdict sameDay = decide(daily, ledger, at("2026-11-24T22:30:00Z"));
    Verdict nextDay = decide(daily, ledger, at("2026-11-24T23:00:00Z"));

    assertThat(sameDay.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(sameDay.reason()).isEqualTo(Reason.CAP_EXCEEDED);
    assertThat(sameDay.ruleId()).isEqualTo("tenant:acme/daily");
    assertThat(sameDay.releaseAtMillis()).isEqualTo(at("2026-11-24T23:00:00Z"));
    assertThat(sameDay.detail())
        .startsWith(
            "2 of 2 this local DAY (tenant:acme/daily); room again at 2026-11-24T23:00:00Z");
    assertThat(sameDay.windowCounts())
        .containsExactly(new CapUsage("tenant:acme/daily", 2, 2, null, Period.DAY));
    assertThat(nextDay.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void theTwentyThreeHourDayOfTheSpringChangeIsOneDay() {
    EffectiveRules daily =
        rules("Europe/Berlin", "DELAY", Cap.perPeriod("daily", 1, Period.DAY, Scope.ALL));
    // 2026-03-29 in Berlin: 00:00 local = 23:00Z the day before, 24:00 local = 22:00Z.
    ContactLedger ledger = contactsAt(at("2026-03-28T23:30:00Z"));

    Verdict lateThatDay = decide(daily, ledger, at("2026-03-29T21:30:00Z"));

    assertThat(lateThatDay.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(lateThatDay.releaseAtMillis()).isEqualTo(at("2026-03-29T22:00:00Z"));
  }

  @Test
  void theTwentyFiveHourDayOfTheAutumnChangeIsOneDay() {
    EffectiveRules daily =
        rules("America/New_York", "DELAY", Cap.perPeriod("daily", 1, Period.DAY, Scope.ALL));
    // 2026-11-01 in New York: 00:00 local = 04:00Z, 24:00 local = 05:00Z the next day.
    ContactLedger ledger = contactsAt(at("2026-11-01T04:30:00Z"));

    Verdict lateThatDay = decide(daily, ledger, at("2026-11-02T04:30:00Z"));

    assertThat(lateThatDay.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(lateThatDay.releaseAtMillis()).isEqualTo(at("2026-11-02T05:00:00Z"));
  }

  @Test
  void aWeeklyCapResetsOnMondayAtLocalMidnight() {
    EffectiveRules weekly =
        rules("Asia/Tokyo", "DELAY", Cap.perPeriod("weekly", 1, Period.WEEK, Scope.ALL));
    // Monday 2026-11-23 00:00 in Tokyo (UTC+9) = 2026-11-22T15:00Z; the next Monday is
    // 11-29T15:00Z.
    ContactLedger ledger = contactsAt(at("2026-11-22T15:00:00Z"));

    Verdict sunday = decide(weekly, ledger, at("2026-11-29T14:59:00Z"));
    Verdict lastSunday =
        decide(weekly, contactsAt(at("2026-11-22T14:59:00Z")), at("2026-11-22T15:00:00Z"));

    assertThat(sunday.releaseAtMillis()).isEqualTo(at("2026-11-29T15:00:00Z"));
    assertThat(lastSunday.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void aMonthlyCapUnderDropSaysWhenTheNextMonthStarts() {
    EffectiveRules monthly =
        rules("UTC", "DROP", Cap.perPeriod("monthly", 1, Period.MONTH, Scope.ALL));
    ContactLedger ledger = contactsAt(at("2026-02-01T00:00:00Z"));

    Verdict verdict = decide(monthly, ledger, at("2026-02-28T23:59:59Z"));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
    assertThat(verdict.detail())
        .isEqualTo(
            "1 of 1 this local MONTH (tenant:acme/monthly); room again at 2026-03-01T00:00:00Z;"
                + " overflow action is DROP");
  }

  @Test
  void theBudgetCountsTheLocalPeriodAndNamesTheNextPeriodStart() {
    EffectiveRules daily =
        rules("Europe/Berlin", "DELAY", Cap.perPeriod("daily", 1, Period.DAY, Scope.ALL));
    ContactLedger ledger = contactsAt(at("2026-11-24T08:00:00Z"));

    Budget budget =
        Budget.of(daily, ledger, "EMAIL", "MARKETING", Set.of(), at("2026-11-24T12:00:00Z"));

    assertThat(budget.allowedNow()).isFalse();
    assertThat(budget.nextEligibleAtMillis()).isEqualTo(at("2026-11-24T23:00:00Z"));
    assertThat(budget.caps())
        .containsExactly(
            new Budget.CapBudget(
                "tenant:acme/daily", 1, 1, null, Period.DAY, at("2026-11-24T23:00:00Z")));
  }

  @Test
  void theJsonFormatTakesEitherAWindowOrAPeriod() {
    Policy policy =
        PolicyJson.readPolicy(
            "{\"tenant\":\"acme\",\"caps\":[{\"id\":\"daily\",\"max\":3,\"period\":\"DAY\"}]}");

    assertThat(policy.caps()).containsExactly(Cap.perPeriod("daily", 3, Period.DAY, Scope.ALL));
    assertThat(PolicyJson.readPolicy(PolicyJson.writePolicy(policy))).isEqualTo(policy);
    assertThatThrownBy(
            () ->
                PolicyJson.readPolicy(
                    "{\"tenant\":\"acme\",\"caps\":[{\"id\":\"d\",\"max\":3,\"window\":\"P1D\","
                        + "\"period\":\"DAY\"}]}"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("caps[0].period: give either window (rolling) or period");
    assertThatThrownBy(
            () ->
                PolicyJson.readPolicy(
                    "{\"tenant\":\"acme\",\"caps\":[{\"id\":\"d\",\"max\":3,\"period\":\"YEAR\"}]}"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("caps[0].period");
  }
}
