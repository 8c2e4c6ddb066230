package dev.fatigueguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyValidationTest {

  private static Policy policyWith(List<Cap> caps, List<QuietPeriod> quiet) {
    return new Policy("acme", caps, quiet, null, null, null, false, null, null);
  }

  @Test
  void aSensiblePolicyHasNoViolations() {
    Policy policy =
        policyWith(
            List.of(
                new Cap("daily", 3, Duration.ofDays(1)),
                new Cap("none", 0, Duration.ofMinutes(1)),
                new Cap("quarter", 20, Duration.ofDays(90))),
            List.of(new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(8, 0))));

    assertThat(PolicyValidation.validate(policy)).isEmpty();
    assertThat(PolicyValidation.requireValid(policy)).isSameAs(policy);
  }

  @Test
  void namesEachBadFieldByItsPath() {
    Policy policy =
        policyWith(
            List.of(
                new Cap("daily", 3, Duration.ofDays(1)),
                new Cap("fast", 1, Duration.ofSeconds(10)),
                new Cap("daily", -1, Duration.ofDays(91)),
                new Cap(null, 1, null)),
            List.of(
                new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(21, 0)),
                new QuietPeriod("fast", null, LocalTime.of(8, 0))));

    assertThat(PolicyValidation.validate(policy))
        .containsExactly(
            new Violation("caps[1].window", "must be between PT1M and P90D, was PT10S"),
            new Violation(
                "caps[2].id",
                "duplicate rule id 'daily' (ids must be unique across caps, quietHours and sendWindows)"),
            new Violation("caps[2].max", "must be >= 0, was -1"),
            new Violation("caps[2].window", "must be between PT1M and P90D, was P91D"),
            new Violation("caps[3].id", "is required"),
            new Violation(
                "caps[3].window",
                "is required (a rolling window such as P1D, or a calendar period: DAY, WEEK or"
                    + " MONTH)"),
            new Violation(
                "quietHours[0].end",
                "must differ from start (21:00); quiet hours of zero or 24 h are ambiguous"),
            new Violation(
                "quietHours[1].id",
                "duplicate rule id 'fast' (ids must be unique across caps, quietHours and sendWindows)"),
            new Violation("quietHours[1].start", "is required"));
  }

  @Test
  void aRequiredCategoryMustAlsoBeExempt() {
    Policy policy =
        new Policy(
            "acme",
            List.of(),
            List.of(),
            null,
            Set.of("TRANSACTIONAL"),
            Set.of("SECURITY"),
            false,
            null,
            Duration.ofSeconds(1));

    assertThat(PolicyValidation.validate(policy))
        .extracting(Violation::toString)
        .containsExactly(
            "maxDelay: must be between PT1M and P90D, was PT1S",
            "requiredCategories: SECURITY is required but not exempt: a message the customer cannot refuse could"
                + " still be capped, held or dropped; add it to exemptCategories");
  }

  @Test
  void anOptOutOfARequiredCategoryIsFineToStore() {
    CustomerPreferences preferences =
        new CustomerPreferences(
            "c-1",
            null,
            List.of(),
            List.of(),
            List.of(new OptOutRule(null, "SECURITY"), new OptOutRule(null, null)),
            null,
            null);

    assertThat(PolicyValidation.validate(preferences)).isEmpty();
  }

  @Test
  void theExceptionListsEveryViolation() {
    CustomerPreferences preferences =
        new CustomerPreferences(
            " ",
            null,
            List.of(new Cap("x", -2, Duration.ofDays(1))),
            List.of(),
            List.of(new OptOutRule("", null)),
            null,
            null);

    assertThatThrownBy(() -> PolicyValidation.requireValid(preferences))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage(
            "invalid preferences (3 problems): customerId: is required; caps[0].max: must be >= 0, was -2;"
                + " optOuts[0].channel: must not be blank (leave it out to mean any channel)")
        .satisfies(e -> assertThat(((InvalidPolicyException) e).violations()).hasSize(3));
  }
}
