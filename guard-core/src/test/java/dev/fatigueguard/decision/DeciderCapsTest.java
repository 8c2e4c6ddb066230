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
import dev.fatigueguard.policy.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeciderCapsTest {

  private static final long HOUR = 3_600_000L;
  private static final long NOW = at("2026-11-24T12:00:00Z");

  private static EffectiveRules rules(Cap... caps) {
    return Layering.resolve(
        new Policy("default", List.of(caps), List.of(), null, null, null, false, null, null),
        null,
        null);
  }

  private static Verdict decide(
      MessageFacts m, EffectiveRules rules, ContactLedger ledger, long now) {
    return Decider.decide(m, rules, ledger, now, Decider.LIVE);
  }

  @Test
  void contactsExactlyOneWindowApartAreAllowedOneMillisecondLessIsNot() {
    EffectiveRules gap = rules(new Cap("sms-gap", 1, Duration.ofHours(16)));
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW, "SMS", "MARKETING", Set.of());

    Verdict exactlyApart = decide(message().channel("SMS").build(), gap, ledger, NOW + 16 * HOUR);
    Verdict justShort = decide(message().channel("SMS").build(), gap, ledger, NOW + 16 * HOUR - 1);

    assertThat(exactlyApart.outcome()).isEqualTo(Outcome.APPROVE);
    assertThat(exactlyApart.counts()).isTrue();
    assertThat(justShort.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(justShort.reason()).isEqualTo(Reason.CAP_EXCEEDED);
    assertThat(justShort.ruleId()).isEqualTo("default/sms-gap");
    assertThat(justShort.releaseAtMillis()).isEqualTo(NOW + 16 * HOUR);
  }

  @Test
  void fullCapHoldsUntilTheOldestCountedContactLeavesTheWindow() {
    EffectiveRules daily = rules(new Cap("daily", 3, Duration.ofDays(1)));
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - 20 * HOUR, "EMAIL", "MARKETING", Set.of());
    ledger.record(NOW - 10 * HOUR, "SMS", "SERVICE", Set.of());
    ledger.record(NOW - 1 * HOUR, "PUSH", "NEWSLETTER", Set.of());

    Verdict verdict = decide(message().build(), daily, ledger, NOW);

    assertThat(verdict.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(verdict.releaseAtMillis()).isEqualTo(NOW + 4 * HOUR);
    assertThat(verdict.detail())
        .startsWith("3 of 3 in P1D (default/daily); room again at 2026-11-24T16:00:00Z");
    assertThat(verdict.windowCounts())
        .containsExactly(new CapUsage("default/daily", 3, 3, Duration.ofDays(1)));
    assertThat(verdict.counts()).isFalse();
  }

  @Test
  void theSecondOldestDecidesWhenOnlyOneSlotMustFreeUp() {
    // max 2 with three contacts in the window (e.g. exempt ones counted): two must leave.
    EffectiveRules twice = rules(new Cap("twice", 2, Duration.ofHours(10)));
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - 9 * HOUR, "EMAIL", "MARKETING", Set.of());
    ledger.record(NOW - 8 * HOUR, "EMAIL", "MARKETING", Set.of());
    ledger.record(NOW - 7 * HOUR, "EMAIL", "MARKETING", Set.of());

    Verdict verdict = decide(message().build(), twice, ledger, NOW);

    assertThat(verdict.releaseAtMillis()).isEqualTo(NOW + 2 * HOUR);
    assertThat(verdict.windowCounts().get(0).used()).isEqualTo(3);
  }

  @Test
  void capsShareContactsAndEachCountsOnlyItsScope() {
    EffectiveRules rules =
        rules(
            new Cap("daily", 3, Duration.ofDays(1)),
            new Cap(
                "sms-gap", 1, Duration.ofHours(16), new Scope(Set.of("SMS"), Set.of(), Set.of())));
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - 2 * HOUR, "SMS", "SERVICE", Set.of());

    Verdict sms = decide(message().channel("SMS").build(), rules, ledger, NOW);
    Verdict email = decide(message().channel("EMAIL").build(), rules, ledger, NOW);

    assertThat(sms.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(sms.ruleId()).isEqualTo("default/sms-gap");
    assertThat(sms.windowCounts())
        .containsExactly(
            new CapUsage("default/daily", 1, 3, Duration.ofDays(1)),
            new CapUsage("default/sms-gap", 1, 1, Duration.ofHours(16)));
    assertThat(email.outcome()).isEqualTo(Outcome.APPROVE);
    assertThat(email.windowCounts()).extracting(CapUsage::ruleId).containsExactly("default/daily");
  }

  @Test
  void categoryAndTagScopesLimitBothWhatIsCountedAndWhatIsBlocked() {
    EffectiveRules rules =
        rules(
            new Cap(
                "marketing-weekly",
                1,
                Duration.ofDays(7),
                new Scope(Set.of(), Set.of("MARKETING", "PROMOTIONAL"), Set.of())),
            new Cap(
                "promo-tag",
                1,
                Duration.ofDays(1),
                new Scope(Set.of(), Set.of(), Set.of("black-friday", "cyber-monday"))));
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - HOUR, "EMAIL", "SERVICE", Set.of("black-friday"));

    assertThat(decide(message().category("MARKETING").build(), rules, ledger, NOW).outcome())
        .as("the SERVICE contact does not count towards the marketing cap")
        .isEqualTo(Outcome.APPROVE);
    Verdict tagged =
        decide(
            message().category("SERVICE").tags("cyber-monday", "black-friday").build(),
            rules,
            ledger,
            NOW);
    assertThat(tagged.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(tagged.ruleId()).isEqualTo("default/promo-tag");
    assertThat(
            decide(message().category("SERVICE").tags("other").build(), rules, ledger, NOW)
                .outcome())
        .as("a message without any of the tags is not in the tag cap's scope")
        .isEqualTo(Outcome.APPROVE);
  }

  @Test
  void futureContactsInTheLedgerCountInEveryWindowThatContainsTheNewContact() {
    EffectiveRules rules = rules(new Cap("ten-minutes", 2, Duration.ofMinutes(10)));
    long minute = 60_000;
    ContactLedger later = new ContactLedger();
    later.record(NOW + 5 * minute, "EMAIL", "MARKETING", Set.of());
    later.record(NOW + 9 * minute, "EMAIL", "MARKETING", Set.of());

    Verdict verdict = decide(message().build(), rules, later, NOW);

    assertThat(verdict.outcome()).as("[now, now+10m) would hold three").isEqualTo(Outcome.HOLD);
    assertThat(verdict.windowCounts().get(0).used()).isEqualTo(2);
    // Room once the contact at +5m can no longer share a window with the new one (+5m + 10m).
    assertThat(verdict.releaseAtMillis()).isEqualTo(NOW + 15 * minute);
  }

  @Test
  void contactsOnBothSidesThatNoWindowHoldsTogetherDoNotFillTheCap() {
    EffectiveRules rules = rules(new Cap("ten-minutes", 2, Duration.ofMinutes(10)));
    long minute = 60_000;
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW + 5 * minute, "EMAIL", "MARKETING", Set.of());
    ledger.record(NOW - 9 * minute, "EMAIL", "MARKETING", Set.of());

    Verdict verdict = decide(message().build(), rules, ledger, NOW);

    assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
    assertThat(verdict.windowCounts().get(0).used()).isEqualTo(1);
  }

  @Test
  void aCapOfZeroDropsAtOnceEvenWhenOverflowIsDelay() {
    EffectiveRules rules =
        rules(
            new Cap("no-sms", 0, Duration.ofDays(1), new Scope(Set.of("SMS"), Set.of(), Set.of())),
            new Cap("daily", 5, Duration.ofDays(1)));
    ContactLedger empty = new ContactLedger();

    Verdict sms = decide(message().channel("SMS").build(), rules, empty, NOW);
    Verdict email = decide(message().channel("EMAIL").build(), rules, empty, NOW);

    assertThat(sms.outcome()).isEqualTo(Outcome.DROP);
    assertThat(sms.reason()).isEqualTo(Reason.CAP_EXCEEDED);
    assertThat(sms.ruleId()).isEqualTo("default/no-sms");
    assertThat(sms.detail()).contains("can never be sent");
    assertThat(email.outcome()).isEqualTo(Outcome.APPROVE);
  }

  private static final String NO_SMS_AT_NIGHT =
      "{\"tenant\":\"default\",\"defaultZone\":\"UTC\",\"overflowAction\":\"DROP\","
          + "\"caps\":[{\"id\":\"no-sms\",\"max\":0,\"window\":\"PT1H\",\"channels\":[\"SMS\"]}],"
          + "\"quietHours\":[{\"id\":\"night\",\"start\":\"21:00\",\"end\":\"08:00\"}]}";

  @Test
  void aCapOfZeroIsNamedAfterQuietHoursAsTheDocumentedOrderSays() {
    EffectiveRules rules = Layering.resolve(PolicyJson.readPolicy(NO_SMS_AT_NIGHT), null, null);

    Verdict night =
        decide(
            message().channel("SMS").build(),
            rules,
            new ContactLedger(),
            at("2026-11-24T22:00:00Z"));
    Verdict day =
        decide(
            message().channel("SMS").build(),
            rules,
            new ContactLedger(),
            at("2026-11-24T12:00:00Z"));

    assertThat(night.outcome()).isEqualTo(Outcome.DROP);
    assertThat(night.reason()).isEqualTo(Reason.QUIET_HOURS);
    assertThat(night.ruleId()).isEqualTo("default/night");
    assertThat(night.detail()).contains("can never be sent");
    assertThat(day.reason()).isEqualTo(Reason.CAP_EXCEEDED);
    assertThat(day.ruleId()).isEqualTo("default/no-sms");
  }

  @Test
  void aCapOfZeroIsNamedAfterTheSnoozeAndStillDropsAtOnceUnderDelay() {
    Policy policy =
        new Policy(
            "default",
            List.of(
                new Cap(
                    "no-sms",
                    0,
                    Duration.ofHours(1),
                    new Scope(Set.of("SMS"), Set.of(), Set.of()))),
            List.of(),
            null,
            null,
            null,
            false,
            Overflow.DELAY,
            null);
    CustomerPreferences snoozed =
        new CustomerPreferences(
            "c-1", null, null, null, null, Instant.ofEpochMilli(NOW + 5 * HOUR), null);
    EffectiveRules rules = Layering.resolve(policy, null, snoozed);

    Verdict verdict = decide(message().channel("SMS").build(), rules, new ContactLedger(), NOW);

    assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
    assertThat(verdict.reason()).isEqualTo(Reason.SNOOZED);
    assertThat(verdict.ruleId()).isEqualTo("customer/snooze");
    assertThat(verdict.detail()).contains("default/no-sms allows 0");
  }

  @Test
  void theDeciderNeverChangesTheLedger() {
    EffectiveRules rules = rules(new Cap("daily", 3, Duration.ofDays(1)));
    ContactLedger ledger = new ContactLedger();
    ledger.record(NOW - HOUR, "EMAIL", "MARKETING", Set.of());
    ContactLedger before = ledger.copy();

    Verdict verdict = decide(message().build(), rules, ledger, NOW);

    assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
    assertThat(verdict.ruleId()).isNull();
    assertThat(ledger).isEqualTo(before);
  }
}
