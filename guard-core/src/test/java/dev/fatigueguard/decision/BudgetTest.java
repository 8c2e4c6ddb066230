package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetTest {

  private static final long NOW = at("2026-11-24T12:00:00Z");
  private static final long HOUR = 3_600_000L;

  private final Policy policy =
      new Policy(
          "default",
          List.of(
              new Cap("daily", 3, Duration.ofDays(1)),
              new Cap(
                  "sms-gap",
                  1,
                  Duration.ofHours(16),
                  new Scope(Set.of("SMS"), Set.of(), Set.of()))),
          List.of(new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(8, 0))),
          null,
          null,
          null,
          false,
          null,
          null);

  private final ContactLedger ledger = new ContactLedger();

  {
    ledger.record(NOW - 10 * HOUR, "SMS", "MARKETING", Set.of());
    ledger.record(NOW - 2 * HOUR, "EMAIL", "MARKETING", Set.of());
  }

  @Test
  void showsWhatEachCapUsedAndWhenItFreesUp() {
    Budget email =
        Budget.of(
            Layering.resolve(policy, null, null), ledger, "EMAIL", "MARKETING", Set.of(), NOW);

    assertThat(email.caps())
        .containsExactly(
            new Budget.CapBudget("default/daily", 2, 3, Duration.ofDays(1), null, NOW + 14 * HOUR));
    assertThat(email.caps().get(0).remaining()).isEqualTo(1);
    assertThat(email.allowedNow()).isTrue();
    assertThat(email.nextEligibleAtMillis()).isEqualTo(NOW);
  }

  @Test
  void aFullCapGivesTheNextEligibleTimeAcrossQuietHours() {
    Budget sms =
        Budget.of(Layering.resolve(policy, null, null), ledger, "SMS", "MARKETING", Set.of(), NOW);

    assertThat(sms.allowedNow()).isFalse();
    assertThat(sms.caps()).extracting(Budget.CapBudget::remaining).containsExactly(1, 0);
    // room at 18:00 on the SMS gap
    assertThat(sms.nextEligibleAtMillis()).isEqualTo(NOW + 6 * HOUR);

    Budget atNight =
        Budget.of(
            Layering.resolve(policy, null, null),
            ledger,
            "SMS",
            "MARKETING",
            Set.of(),
            at("2026-11-24T22:00:00Z"));
    assertThat(atNight.quietHoursActive()).isTrue();
    assertThat(atNight.activeQuietHours()).isEqualTo("default/night");
    assertThat(atNight.nextEligibleAtMillis()).isEqualTo(at("2026-11-25T08:00:00Z"));
  }

  @Test
  void optedOutIsNeverAndExemptIsAlwaysAllowed() {
    CustomerPreferences prefs =
        new CustomerPreferences(
            "c-1",
            null,
            List.of(),
            List.of(),
            List.of(new OptOutRule("PUSH", null)),
            Instant.ofEpochMilli(NOW + HOUR),
            null);
    EffectiveRules rules = Layering.resolve(policy, null, prefs);

    Budget push = Budget.of(rules, ledger, "PUSH", "MARKETING", Set.of(), NOW);
    Budget security = Budget.of(rules, ledger, "EMAIL", "SECURITY", Set.of(), NOW);
    Budget snoozed = Budget.of(rules, ledger, "EMAIL", "MARKETING", Set.of(), NOW);

    assertThat(push.optedOut()).isTrue();
    assertThat(push.allowedNow()).isFalse();
    assertThat(push.nextEligibleAtMillis()).isEqualTo(Budget.NEVER);
    assertThat(security.exempt()).isTrue();
    assertThat(security.allowedNow()).isTrue();
    assertThat(snoozed.snoozed()).isTrue();
    assertThat(snoozed.nextEligibleAtMillis()).isEqualTo(NOW + HOUR);
  }
}
