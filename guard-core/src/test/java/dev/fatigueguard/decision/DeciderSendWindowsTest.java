package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.at;
import static dev.fatigueguard.decision.MessageBuilder.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import dev.fatigueguard.policy.SendWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeciderSendWindowsTest {

  private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  /** 09:00-18:00 Mon-Fri in Berlin; 2026-11-27 is a Friday, CET = UTC+1. */
  private static final SendWindow OFFICE =
      new SendWindow("office", LocalTime.of(9, 0), LocalTime.of(18, 0), WEEKDAYS, Scope.ALL);

  private static EffectiveRules rules(
      Overflow overflow, List<Cap> caps, List<QuietPeriod> quiet, SendWindow... windows) {
    return Layering.resolve(
        new Policy(
            "default",
            caps,
            quiet,
            ZoneId.of("Europe/Berlin"),
            null,
            null,
            false,
            overflow,
            Duration.ofDays(5),
            List.of(windows),
            List.of()),
        null,
        null);
  }

  private static EffectiveRules rules(SendWindow... windows) {
    return rules(Overflow.DELAY, List.of(), List.of(), windows);
  }

  private static Verdict decide(EffectiveRules rules, MessageBuilder m, String now) {
    return Decider.decide(m.build(), rules, new ContactLedger(), at(now), Decider.LIVE);
  }

  @Test
  void insideTheWindowAMessageIsApproved() {
    Verdict verdict = decide(rules(OFFICE), message(), "2026-11-27T10:00:00Z");

    assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void afterHoursOnFridayAMessageIsHeldUntilMondayMorningNamingTheWindow() {
    Verdict verdict = decide(rules(OFFICE), message(), "2026-11-27T18:30:00Z");

    assertThat(verdict.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(verdict.reason()).isEqualTo(Reason.OUTSIDE_SEND_WINDOW);
    assertThat(verdict.ruleId()).isEqualTo("default/office");
    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-30T08:00:00Z"));
    assertThat(verdict.detail())
        .isEqualTo(
            "outside send window default/office 09:00\u201318:00 Mon\u2013Fri Europe/Berlin;"
                + " opens at 2026-11-30T08:00:00Z; held until 2026-11-30T08:00:00Z");
  }

  @Test
  void aMessageOutOfEveryWindowsScopeIsNotLimitedByWindows() {
    SendWindow smsOnly =
        new SendWindow(
            "sms-hours",
            LocalTime.of(9, 0),
            LocalTime.of(18, 0),
            Set.of(),
            new Scope(Set.of("SMS"), Set.of(), Set.of()));

    assertThat(decide(rules(smsOnly), message().channel("EMAIL"), "2026-11-27T22:00:00Z").outcome())
        .isEqualTo(Outcome.APPROVE);
    assertThat(decide(rules(smsOnly), message().channel("SMS"), "2026-11-27T22:00:00Z").reason())
        .isEqualTo(Reason.OUTSIDE_SEND_WINDOW);
  }

  @Test
  void inScopeOfSeveralWindowsAMessageMayGoInsideAnyAndWaitsForTheFirstToOpen() {
    SendWindow morning = new SendWindow("morning", LocalTime.of(10, 0), LocalTime.of(13, 0));
    SendWindow afternoon = new SendWindow("afternoon", LocalTime.of(14, 0), LocalTime.of(20, 0));
    EffectiveRules rules = rules(morning, afternoon);

    assertThat(decide(rules, message(), "2026-11-27T10:00:00Z").outcome())
        .as("11:00, in the morning window")
        .isEqualTo(Outcome.APPROVE);
    assertThat(decide(rules, message(), "2026-11-27T14:00:00Z").outcome())
        .as("15:00, in the afternoon window")
        .isEqualTo(Outcome.APPROVE);
    Verdict lunch = decide(rules, message(), "2026-11-27T12:30:00Z");
    assertThat(lunch.ruleId()).isEqualTo("default/afternoon");
    assertThat(lunch.releaseAtMillis()).isEqualTo(at("2026-11-27T13:00:00Z"));
    Verdict night = decide(rules, message(), "2026-11-27T19:30:00Z");
    assertThat(night.ruleId()).isEqualTo("default/morning");
    assertThat(night.releaseAtMillis()).isEqualTo(at("2026-11-28T09:00:00Z"));
  }

  @Test
  void exemptCategoriesGoOutsideTheWindows() {
    Verdict verdict =
        decide(rules(OFFICE), message().category("TRANSACTIONAL"), "2026-11-28T12:00:00Z");

    assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void withOverflowDropAMessageOutsideTheWindowsIsDropped() {
    Verdict verdict =
        decide(
            rules(Overflow.DROP, List.of(), List.of(), OFFICE), message(), "2026-11-28T12:00:00Z");

    assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
    assertThat(verdict.reason()).isEqualTo(Reason.OUTSIDE_SEND_WINDOW);
    assertThat(verdict.detail()).endsWith("; overflow action is DROP");
  }

  @Test
  void quietHoursComeBeforeSendWindowsAndTheReleaseWaitsForBoth() {
    // Friday 08:30 local: quiet until 09:30, and the window opens at 09:00; released 09:30.
    QuietPeriod night = new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(9, 30));
    Verdict verdict =
        decide(
            rules(Overflow.DELAY, List.of(), List.of(night), OFFICE),
            message(),
            "2026-11-27T07:30:00Z");

    assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-27T08:30:00Z"));
  }

  @Test
  void aQuietPeriodEndingAfterTheWindowClosesWaitsForTheNextWindow() {
    // Friday 17:30 local: quiet until 19:00, after the window closes at 18:00, so the message
    // waits for the window to open on Monday.
    QuietPeriod evening = new QuietPeriod("evening", LocalTime.of(17, 0), LocalTime.of(19, 0));
    Verdict verdict =
        decide(
            rules(Overflow.DELAY, List.of(), List.of(evening), OFFICE),
            message(),
            "2026-11-27T16:30:00Z");

    assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-30T08:00:00Z"));
  }

  @Test
  void sendWindowsComeBeforeCapsAndTheReleaseWaitsForRoomToo() {
    // One contact per 3 days, last one Friday 10:00 local: the window opens Monday 09:00, but the
    // cap has room only from Monday 10:00.
    Cap gap = new Cap("gap", 1, Duration.ofDays(3));
    EffectiveRules rules = rules(Overflow.DELAY, List.of(gap), List.of(), OFFICE);
    ContactLedger ledger = new ContactLedger();
    ledger.record(at("2026-11-27T09:00:00Z"), "EMAIL", "MARKETING", Set.of());

    Verdict verdict =
        Decider.decide(message().build(), rules, ledger, at("2026-11-28T12:00:00Z"), Decider.LIVE);

    assertThat(verdict.reason()).isEqualTo(Reason.OUTSIDE_SEND_WINDOW);
    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-30T09:00:00Z"));
  }

  @Test
  void aPresetIncludedByTheTenantHoldsTextsUntilEightInTheCustomersZone() {
    Policy tenant =
        PolicyJson.readPolicy(
            """
            {"tenant":"acme","include":["us-tcpa"]}""");
    CustomerPreferences customer =
        new CustomerPreferences(
            "c-1", ZoneId.of("America/Chicago"), List.of(), List.of(), List.of(), null, null);
    EffectiveRules rules = Layering.resolve(Policy.builtInDefault(), tenant, customer);

    // 22:30 in Chicago (CST = UTC-6).
    Verdict sms =
        Decider.decide(
            message().channel("SMS").build(),
            rules,
            new ContactLedger(),
            at("2026-11-25T04:30:00Z"),
            Decider.LIVE);
    Verdict email =
        Decider.decide(
            message().channel("EMAIL").build(),
            rules,
            new ContactLedger(),
            at("2026-11-25T04:30:00Z"),
            Decider.LIVE);

    assertThat(sms.reason()).isEqualTo(Reason.OUTSIDE_SEND_WINDOW);
    assertThat(sms.ruleId()).isEqualTo("preset:us-tcpa/calling-hours");
    assertThat(sms.releaseAtMillis()).isEqualTo(at("2026-11-25T14:00:00Z"));
    assertThat(sms.detail())
        .startsWith(
            "outside send window preset:us-tcpa/calling-hours 08:00\u201321:00"
                + " America/Chicago");
    assertThat(email.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void aCustomersOwnWindowDoesNotWidenALegalPresetButBothMustBeOpen() {
    Policy tenant = PolicyJson.readPolicy("{\"tenant\":\"acme\",\"include\":[\"us-tcpa\"]}");
    CustomerPreferences lateOwl =
        PolicyJson.readPreferences(
            """
            {"customerId":"c-1","zone":"America/Chicago",
             "sendWindows":[{"id":"late","start":"20:00","end":"23:00"}]}""");
    EffectiveRules rules = Layering.resolve(Policy.builtInDefault(), tenant, lateOwl);

    // 22:30 in Chicago: inside the customer's window, outside the TCPA hours.
    Verdict late = decide(rules, message().channel("SMS"), "2026-11-25T04:30:00Z");
    // 20:30: inside both.
    Verdict both = decide(rules, message().channel("SMS"), "2026-11-25T02:30:00Z");

    assertThat(late.reason()).isEqualTo(Reason.OUTSIDE_SEND_WINDOW);
    assertThat(late.ruleId()).isEqualTo("preset:us-tcpa/calling-hours");
    assertThat(late.releaseAtMillis())
        .as("20:00 the next evening, when both are open")
        .isEqualTo(at("2026-11-26T02:00:00Z"));
    assertThat(both.outcome()).isEqualTo(Outcome.APPROVE);
  }

  @Test
  void theBudgetSaysTheWindowIsClosedAndWhenTheMessageIsNextEligible() {
    Budget budget =
        Budget.of(
            rules(OFFICE),
            new ContactLedger(),
            "EMAIL",
            "MARKETING",
            Set.of(),
            at("2026-11-28T12:00:00Z"));

    assertThat(budget.allowedNow()).isFalse();
    assertThat(budget.closedSendWindow()).isEqualTo("default/office");
    assertThat(budget.sendWindowOpensAtMillis()).isEqualTo(at("2026-11-30T08:00:00Z"));
    assertThat(budget.nextEligibleAtMillis()).isEqualTo(at("2026-11-30T08:00:00Z"));
  }
}
