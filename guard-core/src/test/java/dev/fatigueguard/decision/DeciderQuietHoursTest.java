package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.at;
import static dev.fatigueguard.decision.MessageBuilder.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeciderQuietHoursTest {

  private static EffectiveRules rules(String zone, QuietPeriod... quietHours) {
    return Layering.resolve(
        new Policy(
            "default",
            List.of(),
            List.of(quietHours),
            ZoneId.of(zone),
            null,
            null,
            false,
            null,
            null),
        null,
        null);
  }

  private static QuietPeriod quiet(String start, String end) {
    return new QuietPeriod("q", LocalTime.parse(start), LocalTime.parse(end));
  }

  private static Verdict decideAt(EffectiveRules rules, String instant) {
    return Decider.decide(message().build(), rules, new ContactLedger(), at(instant), Decider.LIVE);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // 21:00-08:00 in Berlin (CET = UTC+1 in November), crossing midnight
    "2026-11-24T21:30:00Z, 2026-11-25T07:00:00Z",
    "2026-11-25T06:59:59.999Z, 2026-11-25T07:00:00Z",
    "2026-11-24T20:00:00Z, 2026-11-25T07:00:00Z",
    "2026-11-24T23:00:00Z, 2026-11-25T07:00:00Z",
    "2026-11-25T07:00:00Z, ",
    "2026-11-24T19:59:59.999Z, ",
  })
  void quietHoursCrossingMidnightHoldUntilTheLocalEnd(String now, String releaseAt) {
    Verdict verdict = decideAt(rules("Europe/Berlin", quiet("21:00", "08:00")), now);

    if (releaseAt == null) {
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVE);
    } else {
      assertThat(verdict.outcome()).isEqualTo(Outcome.HOLD);
      assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
      assertThat(verdict.ruleId()).isEqualTo("default/q");
      assertThat(verdict.releaseAtMillis()).isEqualTo(at(releaseAt));
      assertThat(verdict.detail())
          .startsWith("quiet hours 21:00-08:00 Europe/Berlin (default/q) until ");
    }
  }

  @ParameterizedTest(name = "{0} quiet={1}")
  @CsvSource({
    "2026-11-27T23:00:00Z, true", // Friday night
    "2026-11-28T06:00:00Z, true", // Saturday morning, in the period that started on Friday
    "2026-11-28T07:00:00Z, false",
    "2026-11-28T23:00:00Z, false", // Saturday night: Saturday is not listed
    "2026-11-26T23:00:00Z, false", // Thursday night
    "2026-11-27T06:00:00Z, false", // Friday morning: the Thursday period is not listed
  })
  void daysNameTheDayOnWhichTheQuietPeriodStarts(String now, boolean quiet) {
    QuietPeriod fridayNight =
        new QuietPeriod(
            "friday-night",
            LocalTime.of(22, 0),
            LocalTime.of(7, 0),
            Set.of(DayOfWeek.FRIDAY),
            Scope.ALL);

    Verdict verdict = decideAt(rules("UTC", fridayNight), now);

    assertThat(verdict.outcome()).isEqualTo(quiet ? Outcome.HOLD : Outcome.APPROVE);
    if (quiet) {
      assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-28T07:00:00Z"));
    }
  }

  @Test
  void aQuietEndInsideTheSpringForwardGapEndsWhenTheGapEnds() {
    // New York, 2026-03-08: 02:00 EST (07:00Z) jumps to 03:00 EDT; local 02:30 never happens.
    Verdict verdict =
        decideAt(rules("America/New_York", quiet("01:00", "02:30")), "2026-03-08T06:30:00Z");

    assertThat(verdict.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-03-08T07:00:00Z"));
  }

  @Test
  void aQuietStartInsideTheSpringForwardGapStartsWhenTheGapEnds() {
    EffectiveRules rules = rules("America/New_York", quiet("02:30", "06:00"));

    assertThat(decideAt(rules, "2026-03-08T06:59:59.999Z").outcome()).isEqualTo(Outcome.APPROVE);
    Verdict verdict = decideAt(rules, "2026-03-08T07:00:00Z");
    assertThat(verdict.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-03-08T10:00:00Z")); // 06:00 EDT
  }

  @Test
  void aNightAcrossSpringForwardIsAnHourShorter() {
    // 21:00 EST on March 7 to 08:00 EDT on March 8: 10 hours of real time.
    Verdict verdict =
        decideAt(rules("America/New_York", quiet("21:00", "08:00")), "2026-03-08T03:00:00Z");

    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-03-08T12:00:00Z"));
  }

  @Test
  void aQuietEndInsideTheFallBackOverlapMeansItsFirstOccurrence() {
    // New York, 2026-11-01: 02:00 EDT (06:00Z) falls back to 01:00 EST; 01:30 happens twice.
    EffectiveRules rules = rules("America/New_York", quiet("21:00", "01:30"));

    Verdict firstOneThirty = decideAt(rules, "2026-11-01T05:00:00Z");
    assertThat(firstOneThirty.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(firstOneThirty.releaseAtMillis()).isEqualTo(at("2026-11-01T05:30:00Z"));
    assertThat(decideAt(rules, "2026-11-01T06:15:00Z").outcome())
        .as("01:15 EST, the second time the clock shows it, is after the quiet period ended")
        .isEqualTo(Outcome.APPROVE);
  }

  @Test
  void aNightAcrossFallBackIsAnHourLonger() {
    Verdict verdict =
        decideAt(rules("America/New_York", quiet("21:00", "08:00")), "2026-11-01T02:00:00Z");

    assertThat(verdict.releaseAtMillis()).isEqualTo(at("2026-11-01T13:00:00Z")); // 08:00 EST
  }

  @Test
  void berlinSpringForwardGapAndFallBackOverlap() {
    // 2026-03-29: 02:00 CET (01:00Z) jumps to 03:00 CEST.
    Verdict spring =
        decideAt(rules("Europe/Berlin", quiet("22:00", "02:30")), "2026-03-28T23:00:00Z");
    assertThat(spring.releaseAtMillis()).isEqualTo(at("2026-03-29T01:00:00Z"));

    // 2026-10-25: 03:00 CEST (01:00Z) falls back to 02:00 CET; 02:30 first happens at 00:30Z.
    Verdict fall =
        decideAt(rules("Europe/Berlin", quiet("23:00", "02:30")), "2026-10-24T22:00:00Z");
    assertThat(fall.releaseAtMillis()).isEqualTo(at("2026-10-25T00:30:00Z"));

    // A quiet period starting at the first 02:30 covers the second 02:45 too.
    Verdict secondPass =
        decideAt(rules("Europe/Berlin", quiet("02:30", "05:00")), "2026-10-25T01:45:00Z");
    assertThat(secondPass.outcome()).isEqualTo(Outcome.HOLD);
    assertThat(secondPass.releaseAtMillis()).isEqualTo(at("2026-10-25T04:00:00Z")); // 05:00 CET
  }

  @Test
  void quietHoursApplyOnlyWithinTheirScope() {
    QuietPeriod smsNight =
        new QuietPeriod(
            "sms-night",
            LocalTime.of(21, 0),
            LocalTime.of(8, 0),
            Set.of(),
            new Scope(Set.of("SMS"), Set.of(), Set.of()));
    EffectiveRules rules = rules("UTC", smsNight);
    long night = at("2026-11-24T23:00:00Z");

    assertThat(
            Decider.decide(
                    message().channel("SMS").build(),
                    rules,
                    new ContactLedger(),
                    night,
                    Decider.LIVE)
                .outcome())
        .isEqualTo(Outcome.HOLD);
    assertThat(
            Decider.decide(
                    message().channel("EMAIL").build(),
                    rules,
                    new ContactLedger(),
                    night,
                    Decider.LIVE)
                .outcome())
        .isEqualTo(Outcome.APPROVE);
  }

  @Test
  void theCustomersZoneDecidesWhenItIsNight() {
    Policy policy =
        new Policy(
            "default",
            List.of(),
            List.of(quiet("21:00", "08:00")),
            ZoneId.of("Europe/Berlin"),
            null,
            null,
            false,
            null,
            null);
    var newYorker =
        new CustomerPreferences(
            "c-1", ZoneId.of("America/New_York"), List.of(), List.of(), List.of(), null, null);
    long berlinNightNewYorkEvening = at("2026-11-24T23:00:00Z"); // 00:00 Berlin, 18:00 New York

    EffectiveRules forNewYorker = Layering.resolve(policy, null, newYorker);
    EffectiveRules forBerliner = Layering.resolve(policy, null, null);

    assertThat(
            Decider.decide(
                    message().build(),
                    forNewYorker,
                    new ContactLedger(),
                    berlinNightNewYorkEvening,
                    Decider.LIVE)
                .outcome())
        .isEqualTo(Outcome.APPROVE);
    assertThat(
            Decider.decide(
                    message().build(),
                    forBerliner,
                    new ContactLedger(),
                    berlinNightNewYorkEvening,
                    Decider.LIVE)
                .outcome())
        .isEqualTo(Outcome.HOLD);
  }
}
