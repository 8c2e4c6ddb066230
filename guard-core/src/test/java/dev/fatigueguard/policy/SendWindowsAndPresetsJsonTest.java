package dev.fatigueguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendWindowsAndPresetsJsonTest {

  private static final String OFFICE_HOURS =
      """
      {"tenant":"acme","include":["us-tcpa","fr-telemarketing"],
       "sendWindows":[{"id":"office","start":"09:00","end":"18:00","days":["MON","TUE","WED","THU","FRI"],
                       "channels":["SMS","VOICE"],"categories":["MARKETING"]}]}
      """;

  @Test
  void readsSendWindowsAndIncludedPresets() {
    Policy policy = PolicyJson.readPolicy(OFFICE_HOURS);

    assertThat(policy.include()).containsExactly("us-tcpa", "fr-telemarketing");
    assertThat(policy.sendWindows())
        .containsExactly(
            new SendWindow(
                "office",
                LocalTime.of(9, 0),
                LocalTime.of(18, 0),
                Set.of(
                    DayOfWeek.MONDAY,
                    DayOfWeek.TUESDAY,
                    DayOfWeek.WEDNESDAY,
                    DayOfWeek.THURSDAY,
                    DayOfWeek.FRIDAY),
                new Scope(Set.of("SMS", "VOICE"), Set.of("MARKETING"), Set.of())));
  }

  @Test
  void writingAndReadingAgainGivesAnEqualPolicyAndEqualPreferences() {
    Policy policy = PolicyJson.readPolicy(OFFICE_HOURS);
    CustomerPreferences prefs =
        PolicyJson.readPreferences(
            """
            {"customerId":"c-1","sendWindows":[{"id":"evenings","start":"18:00","end":"22:00"}]}""");

    assertThat(PolicyJson.readPolicy(PolicyJson.writePolicy(policy))).isEqualTo(policy);
    assertThat(PolicyJson.readPreferences(PolicyJson.writePreferences(prefs))).isEqualTo(prefs);
    assertThat(prefs.sendWindows()).extracting(SendWindow::id).containsExactly("evenings");
  }

  @Test
  void aDocumentWithoutSendWindowsIsWrittenWithoutThem() {
    assertThat(PolicyJson.writePolicy(PolicyJson.readPolicy("{\"tenant\":\"acme\"}")))
        .doesNotContain("sendWindows")
        .doesNotContain("include");
  }

  @Test
  void everySendWindowAndPresetProblemIsNamedByItsField() {
    InvalidPolicyException error =
        catchThrowableOfType(
            InvalidPolicyException.class,
            () ->
                PolicyJson.readPolicy(
                    """
                    {"tenant":"acme","include":["us-tcpa","uk-ofcom"],
                     "caps":[{"id":"daily","max":3,"window":"P1D"}],
                     "sendWindows":[{"id":"office","start":"9am","end":"18:00","days":["MON","FUNDAY"]},
                                    {"id":"daily","start":"10:00","end":"10:00"},
                                    {"start":"08:00","end":"20:00","channels":[""]},
                                    {"id":"late","start":"22:00","end":"02:00","hours":3}]}
                    """));

    assertThat(error.violations())
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "sendWindows[0].start: must be a local time HH:mm such as 21:00, was '9am'",
            "sendWindows[0].days[1]: must be a week day such as MONDAY or MON, was \"FUNDAY\"",
            "sendWindows[2].channels[0]: must be a non-blank string, was \"\"",
            "sendWindows[3].hours: unknown field (expected one of: id, start, end, days,"
                + " channels, categories, tags, campaigns)",
            "include[1]: unknown preset 'uk-ofcom'; known presets: fr-telemarketing, us-tcpa",
            "sendWindows[1].id: duplicate rule id 'daily' (ids must be unique across caps,"
                + " quietHours and sendWindows)",
            "sendWindows[1].end: must differ from start (10:00); a send window of zero or 24 h"
                + " is ambiguous",
            "sendWindows[2].id: is required");
  }

  @Test
  void theTenantsPresetRulesApplyUnderPresetIdsAndAPresetIncludedTwiceAppliesOnce() {
    Policy platform = PolicyJson.readPolicy("{\"tenant\":\"default\",\"include\":[\"us-tcpa\"]}");
    Policy tenant =
        PolicyJson.readPolicy(
            "{\"tenant\":\"acme\",\"include\":[\"us-tcpa\",\"fr-telemarketing\"]}");

    EffectiveRules rules = Layering.resolve(platform, tenant, null);

    assertThat(rules.sendWindows())
        .extracting(SendWindow::id)
        .containsExactly(
            "preset:us-tcpa/calling-hours",
            "preset:fr-telemarketing/morning",
            "preset:fr-telemarketing/afternoon");
    assertThat(rules.caps())
        .extracting(Cap::id)
        .containsExactly("preset:fr-telemarketing/four-per-30-days");
  }

  @Test
  void theExplanationShowsPresetRulesExpandedWithTheLayerThatIncludedThem() {
    Policy platform = PolicyJson.readPolicy("{\"tenant\":\"default\",\"include\":[\"us-tcpa\"]}");
    Policy tenant = PolicyJson.readPolicy(OFFICE_HOURS);

    List<String> lines = Explanation.explain(platform, tenant, null);

    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("preset:us-tcpa/calling-hours")
                    .contains("send window: 08:00\u201321:00; channels SMS, VOICE")
                    .endsWith("preset us-tcpa via default"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("preset:fr-telemarketing/morning")
                    .contains("send window: 10:00\u201313:00 Mon\u2013Fri; channels VOICE")
                    .endsWith("preset fr-telemarketing via tenant:acme"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("tenant:acme/office")
                    .contains("send window: 09:00\u201318:00 Mon\u2013Fri")
                    .endsWith("tenant:acme"));
  }
}
