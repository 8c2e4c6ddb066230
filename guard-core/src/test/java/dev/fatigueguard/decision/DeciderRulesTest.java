package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.at;
import static dev.fatigueguard.decision.MessageBuilder.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.QuietPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeciderRulesTest {

  private static final long HOUR = 3_600_000L;
  private static final long NOW = at("2026-11-24T12:00:00Z");

  private static Policy policy(
      List<Cap> caps,
      List<QuietPeriod> quiet,
      boolean countExempt,
      Overflow overflow,
      Duration maxDelay) {
    return new Policy("default", caps, quiet, null, null, null, countExempt, overflow, maxDelay);
  }

  private static CustomerPreferences prefs(
      List<OptOutRule> optOuts, Instant snoozeUntil, Overflow overflow) {
    return new CustomerPreferences(
        "c-1", null, List.of(), List.of(), optOuts, snoozeUntil, overflow);
  }

  private static final Policy ONE_PER_DAY =
      policy(List.of(new Cap("daily", 1, Duration.ofDays(1))), List.of(), false, null, null);

  private static ContactLedger ledgerWith(long... times) {
    ContactLedger ledger = new ContactLedger();
    for (long t : times) {
      ledger.record(t, "EMAIL", "MARKETING", Set.of());
    }
    return ledger;
  }

  @Nested
  class Expiry {
    @Test
    void aMessageExpiringNowOrEarlierIsDroppedFirst() {
      EffectiveRules rules =
          Layering.resolve(
              ONE_PER_DAY, null, prefs(List.of(new OptOutRule(null, null)), null, null));

      Verdict verdict =
          Decider.decide(
              message().expiresAt(NOW).build(), rules, new ContactLedger(), NOW, Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).as("expiry comes before the opt-out").isEqualTo(Reason.EXPIRED);
      assertThat(
              Decider.decide(
                      message().expiresAt(NOW + 1).build(),
                      Layering.resolve(ONE_PER_DAY, null, null),
                      new ContactLedger(),
                      NOW,
                      Decider.LIVE)
                  .outcome())
          .isEqualTo(Outcome.APPROVE);
    }

    @Test
    void aHeldMessageExpiresAfterMaxDelay() {
      EffectiveRules rules =
          Layering.resolve(
              policy(List.of(), List.of(), false, null, Duration.ofHours(2)), null, null);
      long heldSince = NOW - 2 * HOUR;

      assertThat(
              Decider.decide(message().build(), rules, new ContactLedger(), NOW, heldSince)
                  .reason())
          .isEqualTo(Reason.EXPIRED);
      assertThat(
              Decider.decide(message().build(), rules, new ContactLedger(), NOW - 1, heldSince)
                  .outcome())
          .isEqualTo(Outcome.APPROVE);
    }

    @Test
    void aHoldThatWouldEndAtOrAfterExpiryIsADropNow() {
      EffectiveRules rules = Layering.resolve(ONE_PER_DAY, null, null);
      ContactLedger full = ledgerWith(NOW - 20 * HOUR); // room at NOW + 4h

      Verdict expiresFirst =
          Decider.decide(
              message().expiresAt(NOW + 4 * HOUR).build(), rules, full, NOW, Decider.LIVE);
      Verdict expiresLater =
          Decider.decide(
              message().expiresAt(NOW + 4 * HOUR + 1).build(), rules, full, NOW, Decider.LIVE);

      assertThat(expiresFirst.outcome()).isEqualTo(Outcome.DROP);
      assertThat(expiresFirst.reason()).isEqualTo(Reason.CAP_EXCEEDED);
      assertThat(expiresFirst.ruleId()).isEqualTo("default/daily");
      assertThat(expiresFirst.detail())
          .contains("could not be sent before it expires at 2026-11-24T16:00:00Z");
      assertThat(expiresLater.outcome()).isEqualTo(Outcome.HOLD);
      assertThat(expiresLater.releaseAtMillis()).isEqualTo(NOW + 4 * HOUR);
    }

    @Test
    void aHoldBeyondMaxDelayIsADropCountedFromWhenTheMessageWasFirstHeld() {
      EffectiveRules rules =
          Layering.resolve(
              policy(
                  List.of(new Cap("daily", 1, Duration.ofDays(1))),
                  List.of(),
                  false,
                  null,
                  Duration.ofHours(5)),
              null,
              null);
      ContactLedger full = ledgerWith(NOW - 20 * HOUR); // room at NOW + 4h

      assertThat(Decider.decide(message().build(), rules, full, NOW, Decider.LIVE).outcome())
          .isEqualTo(Outcome.HOLD);
      Verdict heldLong = Decider.decide(message().build(), rules, full, NOW, NOW - 2 * HOUR);
      assertThat(heldLong.outcome()).isEqualTo(Outcome.DROP);
      assertThat(heldLong.detail()).contains("maxDelay of PT5H runs out at 2026-11-24T15:00:00Z");
    }
  }

  @Nested
  class OptOuts {
    private final CustomerPreferences refusesSmsAndTransactionalAndSecurity =
        prefs(
            List.of(
                new OptOutRule("SMS", null),
                new OptOutRule(null, "TRANSACTIONAL"),
                new OptOutRule(null, "SECURITY")),
            null,
            null);

    @Test
    void anOptOutDropsMatchingMessagesAndNamesItself() {
      EffectiveRules rules =
          Layering.resolve(ONE_PER_DAY, null, refusesSmsAndTransactionalAndSecurity);

      Verdict verdict =
          Decider.decide(
              message().channel("SMS").build(), rules, new ContactLedger(), NOW, Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).isEqualTo(Reason.OPTED_OUT);
      assertThat(verdict.ruleId()).isEqualTo("customer/opt-out[SMS,*]");
      assertThat(verdict.detail()).isEqualTo("customer opted out of every category on SMS");
      assertThat(
              Decider.decide(
                      message().channel("EMAIL").build(),
                      rules,
                      new ContactLedger(),
                      NOW,
                      Decider.LIVE)
                  .outcome())
          .isEqualTo(Outcome.APPROVE);
    }

    @Test
    void anOptOutIsAbsoluteForExemptButNotForRequiredCategories() {
      EffectiveRules rules =
          Layering.resolve(ONE_PER_DAY, null, refusesSmsAndTransactionalAndSecurity);

      Verdict transactional =
          Decider.decide(
              message().category("TRANSACTIONAL").build(),
              rules,
              new ContactLedger(),
              NOW,
              Decider.LIVE);
      Verdict securityBySms =
          Decider.decide(
              message().channel("SMS").category("SECURITY").build(),
              rules,
              new ContactLedger(),
              NOW,
              Decider.LIVE);

      assertThat(transactional.reason()).isEqualTo(Reason.OPTED_OUT);
      assertThat(securityBySms.outcome())
          .as("SECURITY is required: opt-outs are ignored")
          .isEqualTo(Outcome.APPROVE);
    }
  }

  @Nested
  class Snooze {
    private final Instant until = Instant.ofEpochMilli(NOW + 30 * HOUR);

    @Test
    void aSnoozedCustomerGetsNonExemptMessagesWhenTheSnoozeEnds() {
      EffectiveRules rules = Layering.resolve(ONE_PER_DAY, null, prefs(List.of(), until, null));

      Verdict verdict =
          Decider.decide(message().build(), rules, new ContactLedger(), NOW, Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.HOLD);
      assertThat(verdict.reason()).isEqualTo(Reason.SNOOZED);
      assertThat(verdict.ruleId()).isEqualTo("customer/snooze");
      assertThat(verdict.releaseAtMillis()).isEqualTo(until.toEpochMilli());
      assertThat(
              Decider.decide(
                      message().build(), rules, new ContactLedger(), until.toEpochMilli(), NOW)
                  .outcome())
          .isEqualTo(Outcome.APPROVE);
    }

    @Test
    void exemptMessagesPassASnooze() {
      EffectiveRules rules = Layering.resolve(ONE_PER_DAY, null, prefs(List.of(), until, null));

      assertThat(
              Decider.decide(
                      message().category("SECURITY").build(),
                      rules,
                      new ContactLedger(),
                      NOW,
                      Decider.LIVE)
                  .outcome())
          .isEqualTo(Outcome.APPROVE);
    }

    @Test
    void snoozeIsReportedBeforeQuietHoursAndCaps() {
      Policy strict =
          policy(
              List.of(new Cap("daily", 1, Duration.ofDays(1))),
              List.of(new QuietPeriod("all-day", LocalTime.of(0, 0), LocalTime.of(23, 59))),
              false,
              null,
              null);
      EffectiveRules rules = Layering.resolve(strict, null, prefs(List.of(), until, Overflow.DROP));

      Verdict verdict =
          Decider.decide(message().build(), rules, ledgerWith(NOW - HOUR), NOW, Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).isEqualTo(Reason.SNOOZED);
      assertThat(verdict.detail()).endsWith("; overflow action is DROP");
    }
  }

  @Nested
  class Exempt {
    @Test
    void exemptMessagesBypassCapsAndQuietHoursAndAreNotCountedByDefault() {
      Policy strict =
          policy(
              List.of(new Cap("daily", 1, Duration.ofDays(1))),
              List.of(new QuietPeriod("always", LocalTime.of(0, 0), LocalTime.of(23, 59))),
              false,
              null,
              null);
      EffectiveRules rules = Layering.resolve(strict, null, null);

      Verdict verdict =
          Decider.decide(
              message().category("TRANSACTIONAL").build(),
              rules,
              ledgerWith(NOW - HOUR),
              NOW,
              Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
      assertThat(verdict.counts()).isFalse();
      assertThat(verdict.detail()).isEqualTo("exempt category TRANSACTIONAL (not counted)");
    }

    @Test
    void exemptMessagesCountWhenThePolicySaysSo() {
      EffectiveRules rules =
          Layering.resolve(
              policy(List.of(new Cap("daily", 1, Duration.ofDays(1))), List.of(), true, null, null),
              null,
              null);
      ContactLedger ledger = new ContactLedger();

      Verdict exempt =
          Decider.decide(
              message().category("TRANSACTIONAL").build(), rules, ledger, NOW, Decider.LIVE);
      assertThat(exempt.counts()).isTrue();
      ledger.record(NOW, "EMAIL", "TRANSACTIONAL", Set.of());

      assertThat(
              Decider.decide(message().build(), rules, ledger, NOW + HOUR, Decider.LIVE).outcome())
          .as("the counted exempt contact fills the daily cap")
          .isEqualTo(Outcome.HOLD);
    }
  }

  @Nested
  class OverflowAction {
    @Test
    void overflowDropDropsWithTheBlockingRulesReason() {
      EffectiveRules rules =
          Layering.resolve(
              policy(
                  List.of(new Cap("daily", 1, Duration.ofDays(1))),
                  List.of(),
                  false,
                  Overflow.DROP,
                  null),
              null,
              null);

      Verdict verdict =
          Decider.decide(message().build(), rules, ledgerWith(NOW - HOUR), NOW, Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).isEqualTo(Reason.CAP_EXCEEDED);
      assertThat(verdict.ruleId()).isEqualTo("default/daily");
    }

    @Test
    void theCustomersOverflowChoiceWinsOverThePolicys() {
      EffectiveRules delayByCustomer =
          Layering.resolve(
              policy(
                  List.of(new Cap("daily", 1, Duration.ofDays(1))),
                  List.of(),
                  false,
                  Overflow.DROP,
                  null),
              null,
              prefs(List.of(), null, Overflow.DELAY));

      assertThat(
              Decider.decide(
                      message().build(), delayByCustomer, ledgerWith(NOW - HOUR), NOW, Decider.LIVE)
                  .outcome())
          .isEqualTo(Outcome.HOLD);
    }

    @Test
    void aNonDeferrableMessageIsNeverHeld() {
      EffectiveRules rules =
          Layering.resolve(
              policy(
                  List.of(),
                  List.of(new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(8, 0))),
                  false,
                  null,
                  null),
              null,
              null);

      Verdict verdict =
          Decider.decide(
              message().notDeferrable().build(),
              rules,
              new ContactLedger(),
              at("2026-11-24T23:00:00Z"),
              Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
      assertThat(verdict.detail()).endsWith("; the message is not deferrable");
    }
  }

  @Nested
  class NextEligibleFixpoint {
    private final QuietPeriod night =
        new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(8, 0));

    @Test
    void theEndOfQuietHoursLandsInAFullCap() {
      EffectiveRules rules =
          Layering.resolve(
              policy(
                  List.of(new Cap("gap", 1, Duration.ofHours(12))),
                  List.of(night),
                  false,
                  null,
                  null),
              null,
              null);
      ContactLedger ledger = ledgerWith(at("2026-11-24T20:30:00Z")); // room at 08:30

      Verdict verdict =
          Decider.decide(
              message().build(), rules, ledger, at("2026-11-24T22:00:00Z"), Decider.LIVE);

      assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
      assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-25T08:30:00Z"));
    }

    @Test
    void roomInACapLandsInQuietHours() {
      EffectiveRules rules =
          Layering.resolve(
              policy(
                  List.of(new Cap("gap", 1, Duration.ofHours(12))),
                  List.of(night),
                  false,
                  null,
                  null),
              null,
              null);
      ContactLedger ledger =
          ledgerWith(at("2026-11-24T10:00:00Z")); // room at 22:00, inside the night

      Verdict verdict = Decider.decide(message().build(), rules, ledger, NOW, Decider.LIVE);

      assertThat(verdict.reason()).isEqualTo(Reason.CAP_EXCEEDED);
      assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-25T08:00:00Z"));
    }

    @Test
    void aChainOfRulesIsFollowedUntilEveryRulePasses() {
      QuietPeriod breakfast = new QuietPeriod("breakfast", LocalTime.of(8, 15), LocalTime.of(9, 0));
      Policy tenant =
          new Policy(
              "acme",
              List.of(new Cap("gap", 1, Duration.ofHours(12))),
              List.of(breakfast),
              null,
              null,
              null,
              false,
              null,
              null);
      Policy platform = policy(List.of(), List.of(night), false, null, null);
      EffectiveRules rules =
          Layering.resolve(
              platform, tenant, prefs(List.of(), Instant.parse("2026-11-24T20:00:00Z"), null));
      // snooze ends 20:00 -> the gap cap has room at 08:20 -> breakfast quiet hours until 09:00
      ContactLedger ledger = ledgerWith(at("2026-11-24T20:20:00Z"));

      Verdict verdict = Decider.decide(message().build(), rules, ledger, NOW, Decider.LIVE);

      assertThat(verdict.reason()).isEqualTo(Reason.SNOOZED);
      assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-25T09:00:00Z"));
    }

    @Test
    void quietHoursAroundTheClockCanNeverBeSatisfiedSoTheMessageIsDroppedSayingSo() {
      EffectiveRules rules =
          Layering.resolve(
              policy(
                  List.of(),
                  List.of(new QuietPeriod("day", LocalTime.of(8, 0), LocalTime.of(21, 0)), night),
                  false,
                  null,
                  null),
              null,
              null);

      Verdict verdict =
          Decider.decide(message().build(), rules, new ContactLedger(), NOW, Decider.LIVE);

      assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
      assertThat(verdict.detail())
          .contains(
              "could not be sent before the maxDelay of P3D runs out at 2026-11-27T12:00:00Z");
    }

    @Test
    void aHeldMessageDecidedAgainAtItsReleaseTimeIsApproved() {
      EffectiveRules rules =
          Layering.resolve(
              policy(
                  List.of(new Cap("gap", 1, Duration.ofHours(12))),
                  List.of(night),
                  false,
                  null,
                  null),
              null,
              null);
      ContactLedger ledger = ledgerWith(at("2026-11-24T20:30:00Z"));
      MessageFacts message = message().build();
      long heldAt = at("2026-11-24T22:00:00Z");
      Verdict hold = Decider.decide(message, rules, ledger, heldAt, Decider.LIVE);

      Verdict early = Decider.decide(message, rules, ledger, hold.releaseAtMillis() - 1, heldAt);
      Verdict onTime = Decider.decide(message, rules, ledger, hold.releaseAtMillis(), heldAt);

      assertThat(early.outcome()).isEqualTo(Outcome.HOLD);
      assertThat(early.releaseAtMillis()).isEqualTo(hold.releaseAtMillis());
      assertThat(onTime.outcome()).isEqualTo(Outcome.APPROVE);
      assertThat(onTime.counts()).isTrue();
    }
  }
}
