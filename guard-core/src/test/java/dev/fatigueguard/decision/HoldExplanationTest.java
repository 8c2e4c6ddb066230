package dev.fatigueguard.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HoldExplanationTest {

  private static final Policy POLICY =
      PolicyJson.readPolicy(
          "{\"tenant\":\"default\",\"caps\":[{\"id\":\"hourly\",\"max\":2,\"window\":\"PT1H\"}]}");
  private static final CustomerPreferences PREFS =
      PolicyJson.readPreferences(
          "{\"customerId\":\"c-1\",\"zone\":\"Europe/Berlin\","
              + "\"caps\":[{\"id\":\"sms\",\"max\":1,\"window\":\"P1D\",\"channels\":[\"SMS\"]}],"
              + "\"quietHours\":[{\"id\":\"night\",\"start\":\"21:00\",\"end\":\"08:00\"}]}");
  private static final EffectiveRules RULES = Layering.resolve(POLICY, null, PREFS);
  // 22:30 in Berlin (UTC+1 in December).
  private static final Instant NOW = Instant.parse("2026-12-02T21:30:00Z");

  @Test
  void quietHoursNameTheCustomersOwnPeriodAndTheLocalReleaseTime() {
    String text =
        HoldExplanation.of(
            "QUIET_HOURS", "customer/night", Instant.parse("2026-12-03T07:00:00Z"), RULES, NOW);
    assertThat(text)
        .isEqualTo(
            "Held until tomorrow 08:00 because of your quiet hours 21:00\u201308:00"
                + " (Europe/Berlin).");
  }

  @Test
  void aSendersCapIsTheSendersAndSaysItsLimitInWords() {
    String text =
        HoldExplanation.of(
            "CAP_EXCEEDED", "default/hourly", Instant.parse("2026-12-02T22:10:00Z"), RULES, NOW);
    assertThat(text)
        .isEqualTo(
            "Held until 23:10 because of the sender's limit of at most 2 messages per hour.");
  }

  @Test
  void theCustomersOwnCapNamesItsChannel() {
    String text =
        HoldExplanation.of(
            "CAP_EXCEEDED", "customer/sms", Instant.parse("2026-12-05T10:00:00Z"), RULES, NOW);
    assertThat(text)
        .isEqualTo(
            "Held until Sat 5 Dec 11:00 because of your limit of at most 1 message per day on SMS.");
  }

  @Test
  void aSendWindowNamesItsHoursAndWhoseTheyAre() {
    EffectiveRules rules =
        Layering.resolve(
            PolicyJson.readPolicy(
                "{\"tenant\":\"default\",\"include\":[\"us-tcpa\"],\"defaultZone\":\"Europe/Berlin\"}"),
            null,
            null);

    String text =
        HoldExplanation.of(
            "OUTSIDE_SEND_WINDOW",
            "preset:us-tcpa/calling-hours",
            Instant.parse("2026-12-03T07:00:00Z"),
            rules,
            NOW);

    assertThat(text)
        .isEqualTo(
            "Held until tomorrow 08:00, when the sender's sending window 08:00\u201321:00"
                + " (Europe/Berlin) opens.");
  }

  @Test
  void aRuleThatNoLongerExistsStillGetsASentence() {
    String text =
        HoldExplanation.of(
            "QUIET_HOURS", "customer/gone", Instant.parse("2026-12-02T22:00:00Z"), RULES, NOW);
    assertThat(text).isEqualTo("Held until 23:00 because of your quiet hours.");
  }

  @Test
  void snoozeSaysTheCustomerPausedMessages() {
    assertThat(
            HoldExplanation.of(
                "SNOOZED", "customer/snooze", Instant.parse("2026-12-02T22:00:00Z"), RULES, NOW))
        .isEqualTo("Held until 23:00 because you paused messages until then.");
  }

  @Test
  void theReleaseTimeCanBeToldInTheZoneTheReaderSees() {
    EffectiveRules utc = Layering.resolve(POLICY, null, null);
    String text =
        HoldExplanation.of(
            "CAP_EXCEEDED",
            "default/hourly",
            Instant.parse("2026-12-02T22:10:00Z"),
            utc,
            java.time.ZoneId.of("Asia/Tokyo"),
            NOW);
    assertThat(text).startsWith("Held until 07:10 because");
  }

  @Test
  void windowsReadAsPeopleSayThem() {
    assertThat(HoldExplanation.window(Duration.ofDays(7))).isEqualTo("week");
    assertThat(HoldExplanation.window(Duration.ofHours(16))).isEqualTo("16 hours");
    assertThat(HoldExplanation.window(Duration.ofDays(2))).isEqualTo("2 days");
    assertThat(HoldExplanation.window(Duration.ofMinutes(90))).isEqualTo("90 minutes");
  }
}
