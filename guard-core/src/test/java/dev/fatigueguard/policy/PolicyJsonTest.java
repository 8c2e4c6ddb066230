package dev.fatigueguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {

  private static final String ACME =
      """
            {"tenant":"acme","defaultZone":"Europe/Berlin","overflowAction":"DELAY","maxDelay":"P2D",
             "exemptCategories":["TRANSACTIONAL","SECURITY"],"requiredCategories":["SECURITY"],"countExempt":false,
             "caps":[{"id":"daily","max":3,"window":"P1D"},
                     {"id":"marketing-weekly","max":5,"window":"P7D","categories":["MARKETING","PROMOTIONAL"]},
                     {"id":"sms-gap","max":1,"window":"PT16H","channels":["SMS"]}],
             "quietHours":[{"id":"night","start":"21:00","end":"08:00"},
                           {"id":"sunday","start":"00:00","end":"23:59","days":["SUNDAY"]}]}
            """;

  private static final String C42 =
      """
            {"customerId":"c-42","zone":"America/New_York","overflowAction":"DROP","snoozeUntil":"2026-12-01T00:00:00Z",
             "caps":[{"id":"weekly","max":2,"window":"P1W","tags":["promo"]}],
             "quietHours":[{"id":"dinner","start":"18:00","end":"19:30","days":["MON","tuesday"]}],
             "optOuts":[{"channel":"SMS","category":"MARKETING"},{"channel":"PUSH"}]}
            """;

  @Test
  void readsTheDocumentedPolicyExample() {
    Policy policy = PolicyJson.readPolicy(ACME);

    assertThat(policy)
        .isEqualTo(
            new Policy(
                "acme",
                List.of(
                    new Cap("daily", 3, Duration.ofDays(1)),
                    new Cap(
                        "marketing-weekly",
                        5,
                        Duration.ofDays(7),
                        new Scope(Set.of(), Set.of("MARKETING", "PROMOTIONAL"), Set.of())),
                    new Cap(
                        "sms-gap",
                        1,
                        Duration.ofHours(16),
                        new Scope(Set.of("SMS"), Set.of(), Set.of()))),
                List.of(
                    new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(8, 0)),
                    new QuietPeriod(
                        "sunday",
                        LocalTime.of(0, 0),
                        LocalTime.of(23, 59),
                        Set.of(DayOfWeek.SUNDAY),
                        Scope.ALL)),
                ZoneId.of("Europe/Berlin"),
                Set.of("TRANSACTIONAL", "SECURITY"),
                Set.of("SECURITY"),
                false,
                Overflow.DELAY,
                Duration.ofDays(2)));
  }

  @Test
  void absentSettingsStayAbsentSoTheyCanBeInherited() {
    Policy policy = PolicyJson.readPolicy("{\"tenant\":\"acme\"}");

    assertThat(policy).isEqualTo(Policy.withDefaults("acme"));
    assertThat(policy.leftOut()).containsExactlyElementsOf(Policy.INHERITABLE_SETTINGS);
    assertThat(PolicyJson.writePolicy(policy))
        .isEqualTo("{\"tenant\":\"acme\",\"caps\":[],\"quietHours\":[]}");
  }

  @Test
  void whatTheDefaultPolicyLeavesOutTakesTheFormatsDefaults() {
    Policy settings = Layering.settings(PolicyJson.readPolicy("{\"tenant\":\"default\"}"), null);

    assertThat(settings.defaultZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(settings.exemptCategories()).containsExactlyInAnyOrder("TRANSACTIONAL", "SECURITY");
    assertThat(settings.requiredCategories()).containsExactly("SECURITY");
    assertThat(settings.overflowAction()).isEqualTo(Overflow.DELAY);
    assertThat(settings.maxDelay()).isEqualTo(Duration.ofDays(3));
    assertThat(settings.countExempt()).isFalse();
    assertThat(settings.leftOut()).isEmpty();
  }

  @Test
  void readsTheDocumentedPreferencesExample() {
    CustomerPreferences preferences = PolicyJson.readPreferences(C42);

    assertThat(preferences)
        .isEqualTo(
            new CustomerPreferences(
                "c-42",
                ZoneId.of("America/New_York"),
                List.of(
                    new Cap(
                        "weekly",
                        2,
                        Duration.ofDays(7),
                        new Scope(Set.of(), Set.of(), Set.of("promo")))),
                List.of(
                    new QuietPeriod(
                        "dinner",
                        LocalTime.of(18, 0),
                        LocalTime.of(19, 30),
                        Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY),
                        Scope.ALL)),
                List.of(new OptOutRule("SMS", "MARKETING"), new OptOutRule("PUSH", null)),
                Instant.parse("2026-12-01T00:00:00Z"),
                Overflow.DROP));
  }

  @Test
  void writingAndReadingAgainGivesAnEqualObject() {
    Policy policy = PolicyJson.readPolicy(ACME);
    CustomerPreferences preferences = PolicyJson.readPreferences(C42);
    CustomerPreferences minimal = CustomerPreferences.none("c-1");

    assertThat(PolicyJson.readPolicy(PolicyJson.writePolicy(policy))).isEqualTo(policy);
    assertThat(PolicyJson.readPreferences(PolicyJson.writePreferences(preferences)))
        .isEqualTo(preferences);
    assertThat(PolicyJson.readPreferences(PolicyJson.writePreferences(minimal))).isEqualTo(minimal);
    assertThat(PolicyJson.readPolicy(PolicyJson.writePolicy(Policy.builtInDefault())))
        .isEqualTo(Policy.builtInDefault());
  }

  @Test
  void writesTheHumanFriendlyFormat() {
    String json = PolicyJson.writePolicy(PolicyJson.readPolicy(ACME));

    assertThat(json)
        .contains(
            "\"window\":\"P7D\"",
            "\"window\":\"PT16H\"",
            "\"start\":\"21:00\"",
            "\"days\":[\"SUNDAY\"]",
            "\"channels\":[\"SMS\"]",
            "\"defaultZone\":\"Europe/Berlin\"",
            "\"maxDelay\":\"P2D\"");
    assertThat(json).doesNotContain("\"tags\"");
  }

  @Test
  void readsAndWritesPerCampaignCapsAndCampaignScopes() {
    Policy policy =
        PolicyJson.readPolicy(
            """
            {"tenant":"acme",
             "caps":[{"id":"per-campaign","max":1,"window":"P7D","perCampaign":true},
                     {"id":"spring","max":2,"period":"WEEK","campaigns":["spring","easter"]}],
             "quietHours":[{"id":"q","start":"21:00","end":"08:00","campaigns":["spring"]}]}
            """);

    assertThat(policy.caps().get(0).perCampaign()).isTrue();
    assertThat(policy.caps().get(0).scope()).isEqualTo(Scope.ALL);
    assertThat(policy.caps().get(1).perCampaign()).isFalse();
    assertThat(policy.caps().get(1).scope().campaigns())
        .containsExactlyInAnyOrder("spring", "easter");
    assertThat(policy.quietHours().get(0).scope().campaigns()).containsExactly("spring");
    String json = PolicyJson.writePolicy(policy);
    assertThat(json).contains("\"perCampaign\":true", "\"campaigns\":[\"easter\",\"spring\"]");
    assertThat(PolicyJson.readPolicy(json)).isEqualTo(policy);
  }

  @Test
  void badCampaignFieldsAreNamed() {
    InvalidPolicyException error =
        policyError(
            """
            {"tenant":"acme",
             "caps":[{"id":"a","max":1,"window":"P7D","perCampaign":"yes"},
                     {"id":"b","max":1,"window":"P7D","campaigns":[" "]}],
             "quietHours":[{"id":"q","start":"21:00","end":"08:00","campaigns":"spring"}]}
            """);

    assertThat(error.violations())
        .extracting(Violation::field)
        .contains("caps[0].perCampaign", "caps[1].campaigns[0]", "quietHours[0].campaigns");
  }

  private static InvalidPolicyException policyError(String json) {
    return catchThrowableOfType(InvalidPolicyException.class, () -> PolicyJson.readPolicy(json));
  }

  @Test
  void everyProblemIsReportedWithItsFieldPath() {
    InvalidPolicyException error =
        policyError(
            """
                {"tenant":"acme","defaultZone":"Europe/Berln","maxDelay":"3 days","countExempt":"no",
                 "caps":[{"id":"daily","max":3,"window":"P1D"},
                         {"id":"fast","max":"three","window":"PT10S","channel":["SMS"]},
                         {"id":"odd","max":1.5,"window":"P1X"},
                         "daily"],
                 "quietHours":[{"id":"night","start":"9pm","end":"08:00","days":["FUNDAY"]}],
                 "colour":"blue"}
                """);

    assertThat(error.violations())
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "colour: unknown field (expected one of: tenant, defaultZone, overflowAction, maxDelay, exemptCategories, requiredCategories, countExempt, caps, quietHours, sendWindows, include)",
            "countExempt: must be true or false, was \"no\"",
            "caps[1].channel: unknown field (expected one of: id, max, window, period, perCampaign, channels, categories, tags, campaigns)",
            "caps[1].max: must be a whole number, was \"three\"",
            "caps[2].max: must be a whole number, was 1.5",
            "caps[2].window: must be an ISO-8601 duration such as P1D, PT16H or P2W, was 'P1X'",
            "caps[3]: must be a JSON object, was \"daily\"",
            "quietHours[0].start: must be a local time HH:mm such as 21:00, was '9pm'",
            "quietHours[0].days[0]: must be a week day such as MONDAY or MON, was \"FUNDAY\"",
            "defaultZone: unknown time zone 'Europe/Berln' (use an IANA name such as Europe/Berlin)",
            "maxDelay: must be an ISO-8601 duration such as P1D, PT16H or P2W, was '3 days'",
            "caps[1].window: must be between PT1M and P90D, was PT10S");
    assertThat(error.getMessage()).startsWith("invalid policy (12 problems): ");
  }

  @Test
  void malformedJsonIsDescribedWithoutJacksonsClassesSettingsOrRedactedSource() {
    InvalidPolicyException unclosed = policyError("{\"tenant\": \"acme\",\n \"caps\": [");
    InvalidPolicyException twoDocuments = policyError("{\"tenant\":\"a\"}\n{\"tenant\":\"b\"}");

    assertThat(unclosed.violations())
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.problem())
                    .startsWith("is not valid JSON: ")
                    .doesNotContain("Source", "REDACTED", "StreamReadFeature", "com.fasterxml")
                    .contains("line 2"));
    assertThat(twoDocuments.violations())
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.problem())
                    .isEqualTo(
                        "holds more than one JSON value (the second starts at line 2, column 1):"
                            + " one document per request or file, or an array of them where a"
                            + " file may hold several"));
  }

  @Test
  void malformedJsonNamesTheLocationAndNeverLeaksAJacksonException() {
    InvalidPolicyException truncated = policyError("{\"tenant\":\"acme\",\"caps\":[{\"id\":");
    InvalidPolicyException duplicate = policyError("{\"tenant\":\"acme\",\"tenant\":\"other\"}");
    InvalidPolicyException notAnObject = policyError("[1,2]");
    InvalidPolicyException empty = policyError("");

    assertThat(truncated.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.problem()).startsWith("is not valid JSON: ").contains("(line 1, column");
            });
    assertThat(truncated.getCause()).isNull();
    assertThat(duplicate.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("tenant");
              assertThat(v.problem()).contains("Duplicate field 'tenant'");
            });
    assertThat(notAnObject.violations())
        .containsExactly(new Violation("$", "must be a JSON object, was an array"));
    assertThat(empty.violations()).containsExactly(new Violation("$", "is empty"));
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    InvalidPolicyException error =
        policyError("{\"caps\":[{\"window\":\"P1D\"}],\"quietHours\":[{\"id\":\"q\"}]}");

    assertThat(error.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "caps[0].max: is required",
            "tenant: is required",
            "caps[0].id: is required",
            "quietHours[0].start: is required",
            "quietHours[0].end: is required");
  }

  @Test
  void preferencesErrorsArePathNamedToo() {
    InvalidPolicyException error =
        catchThrowableOfType(
            InvalidPolicyException.class,
            () ->
                PolicyJson.readPreferences(
                    "{\"customerId\":\"c-1\",\"snoozeUntil\":\"tomorrow\",\"overflowAction\":\"LATER\",\"optOuts\":[{\"chanel\":\"SMS\"}]}"));

    assertThat(error.violations())
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "snoozeUntil: must be an ISO-8601 instant between years 0001 and 9999 such as"
                + " 2026-12-01T00:00:00Z, was 'tomorrow'",
            "overflowAction: must be one of DELAY, DROP, was 'LATER'",
            "optOuts[0].chanel: unknown field (expected one of: channel, category)");
  }

  @Test
  void aDocumentIsBoundedInRulesListValuesAndTextLength() {
    // Rules are checked for every message of the customer; unbounded documents were accepted.
    java.util.function.IntFunction<String> caps =
        n ->
            java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> "{\"id\":\"c" + i + "\",\"max\":3,\"window\":\"P1D\"}")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    assertThat(
            PolicyJson.readPreferences("{\"customerId\":\"c-1\",\"caps\":" + caps.apply(100) + "}")
                .caps())
        .hasSize(100);

    InvalidPolicyException tooManyRules =
        catchThrowableOfType(
            InvalidPolicyException.class,
            () ->
                PolicyJson.readPreferences(
                    "{\"customerId\":\"c-1\",\"caps\":" + caps.apply(101) + "}"));
    assertThat(tooManyRules.violations())
        .extracting(Violation::toString)
        .containsExactly("caps: must have at most 100 entries, had 101");

    String longId = "x".repeat(257);
    InvalidPolicyException tooLong =
        catchThrowableOfType(
            InvalidPolicyException.class,
            () ->
                PolicyJson.readPreferences(
                    "{\"customerId\":\"c-1\",\"caps\":[{\"id\":\""
                        + longId
                        + "\",\"max\":3,\"window\":\"P1D\",\"categories\":[\""
                        + longId
                        + "\"]}]}"));
    assertThat(tooLong.violations())
        .extracting(Violation::toString)
        .contains(
            "caps[0].id: must be at most 256 characters, was 257",
            "caps[0].categories[0]: must be at most 256 characters, was 257");
  }

  @Test
  void anInstantTheAuditLogCannotStoreIsRefusedNotAcceptedAndFailedLater() {
    // java.time parses years up to +1000000000; Avro's timestamp-millis cannot hold them, so such a
    // snooze used to pass validation and fail at serialization (an HTTP 500).
    for (String far : new String[] {"+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z"}) {
      InvalidPolicyException error =
          catchThrowableOfType(
              InvalidPolicyException.class,
              () ->
                  PolicyJson.readPreferences(
                      "{\"customerId\":\"c-1\",\"snoozeUntil\":\"" + far + "\"}"));
      assertThat(error).as(far).isNotNull();
      assertThat(error.violations())
          .extracting(Violation::toString)
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("snoozeUntil: must be an ISO-8601 instant between years 0001 and 9999");
    }
    assertThat(
            PolicyJson.readPreferences(
                    "{\"customerId\":\"c-1\",\"snoozeUntil\":\"9999-12-31T23:59:59Z\"}")
                .snoozeUntil())
        .isEqualTo(java.time.Instant.parse("9999-12-31T23:59:59Z"));
  }

  @Test
  void acceptsOffsetsForInstantsAndNullForAbsent() {
    CustomerPreferences preferences =
        PolicyJson.readPreferences(
            "{\"customerId\":\"c-1\",\"zone\":null,\"snoozeUntil\":\"2026-12-01T01:00:00+01:00\"}");

    assertThat(preferences.zone()).isNull();
    assertThat(preferences.snoozeUntil()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }
}
