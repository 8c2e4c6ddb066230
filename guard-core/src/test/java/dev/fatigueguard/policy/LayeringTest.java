package dev.fatigueguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayeringTest {

  private final Policy platform =
      new Policy(
          "default",
          List.of(new Cap("daily", 5, Duration.ofDays(1))),
          List.of(new QuietPeriod("night", LocalTime.of(22, 0), LocalTime.of(7, 0))),
          ZoneId.of("Europe/London"),
          null,
          null,
          false,
          Overflow.DELAY,
          Duration.ofDays(3));

  private final Policy acme =
      new Policy(
          "acme",
          List.of(new Cap("daily", 10, Duration.ofDays(1))),
          List.of(new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(8, 0))),
          ZoneId.of("Europe/Berlin"),
          Set.of("TRANSACTIONAL"),
          Set.of(),
          true,
          Overflow.DROP,
          Duration.ofDays(1));

  private final CustomerPreferences customer =
      new CustomerPreferences(
          "c-42",
          ZoneId.of("America/New_York"),
          List.of(new Cap("daily", 1, Duration.ofDays(1))),
          List.of(),
          List.of(new OptOutRule("SMS", null)),
          Instant.parse("2026-12-01T00:00:00Z"),
          null);

  @Test
  void everyLayersCapsApplyWithQualifiedIdsSoNoLayerCanLoosenAnother() {
    EffectiveRules rules = Layering.resolve(platform, acme, customer);

    assertThat(rules.caps())
        .containsExactly(
            new Cap("default/daily", 5, Duration.ofDays(1)),
            new Cap("tenant:acme/daily", 10, Duration.ofDays(1)),
            new Cap("customer/daily", 1, Duration.ofDays(1)));
    assertThat(rules.quietHours())
        .extracting(QuietPeriod::id)
        .containsExactly("default/night", "tenant:acme/night");
    assertThat(rules.longestWindow()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void zoneAndOverflowComeFromTheCustomerElseTenantElseDefault() {
    EffectiveRules all = Layering.resolve(platform, acme, customer);
    EffectiveRules noCustomer = Layering.resolve(platform, acme, null);
    EffectiveRules defaultOnly = Layering.resolve(platform, null, CustomerPreferences.none("c-1"));

    assertThat(all.zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(all.overflowAction()).isEqualTo(Overflow.DROP);
    assertThat(noCustomer.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(defaultOnly.zone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(defaultOnly.overflowAction()).isEqualTo(Overflow.DELAY);
    assertThat(
            Layering.resolve(
                    platform,
                    acme,
                    new CustomerPreferences("c", null, null, null, null, null, Overflow.DELAY))
                .overflowAction())
        .isEqualTo(Overflow.DELAY);
  }

  @Test
  void platformSettingsComeFromTheTenantPolicyElseTheDefault() {
    EffectiveRules tenant = Layering.resolve(platform, acme, customer);
    EffectiveRules fallback = Layering.resolve(platform, null, customer);

    assertThat(tenant.exemptCategories()).containsExactly("TRANSACTIONAL");
    assertThat(tenant.requiredCategories()).isEmpty();
    assertThat(tenant.countExempt()).isTrue();
    assertThat(tenant.maxDelay()).isEqualTo(Duration.ofDays(1));
    assertThat(fallback.exemptCategories()).containsExactlyInAnyOrder("TRANSACTIONAL", "SECURITY");
    assertThat(fallback.requiredCategories()).containsExactly("SECURITY");
    assertThat(fallback.maxDelay()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void everySettingATenantLeavesOutIsInheritedFromTheDefaultPolicy() {
    Policy proposedDefault =
        PolicyJson.readPolicy(
            """
            {"tenant":"default","defaultZone":"Europe/London","overflowAction":"DROP",
             "maxDelay":"P1D","exemptCategories":["SECURITY"],"requiredCategories":[],
             "countExempt":true}""");
    Policy bare = PolicyJson.readPolicy("{\"tenant\":\"acme\"}");
    Policy zoneOnly = PolicyJson.readPolicy("{\"tenant\":\"acme\",\"defaultZone\":\"Asia/Tokyo\"}");

    EffectiveRules inherited = Layering.resolve(proposedDefault, bare, null);
    EffectiveRules partly = Layering.resolve(proposedDefault, zoneOnly, null);

    assertThat(inherited.zone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(inherited.overflowAction()).isEqualTo(Overflow.DROP);
    assertThat(inherited.maxDelay()).isEqualTo(Duration.ofDays(1));
    assertThat(inherited.exemptCategories()).containsExactly("SECURITY");
    assertThat(inherited.requiredCategories()).isEmpty();
    assertThat(inherited.countExempt()).isTrue();
    assertThat(partly.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(partly.maxDelay()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void whatNeitherPolicySetsTakesTheFormatsDefaults() {
    EffectiveRules rules =
        Layering.resolve(Policy.builtInDefault(), Policy.withDefaults("acme"), null);

    assertThat(rules.zone()).isEqualTo(Policy.DEFAULT_ZONE);
    assertThat(rules.overflowAction()).isEqualTo(Overflow.DELAY);
    assertThat(rules.maxDelay()).isEqualTo(Duration.ofDays(3));
    assertThat(rules.exemptCategories()).isEqualTo(Policy.DEFAULT_EXEMPT_CATEGORIES);
    assertThat(rules.countExempt()).isFalse();
  }

  @Test
  void optOutsAndSnoozeComeFromTheCustomer() {
    EffectiveRules rules = Layering.resolve(platform, acme, customer);

    assertThat(rules.optOuts()).containsExactly(new OptOutRule("SMS", null));
    assertThat(rules.snoozeUntil()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(rules.snoozeUntilMillis())
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    assertThat(Layering.resolve(platform, acme, null).snoozeUntilMillis())
        .isEqualTo(EffectiveRules.NOT_SNOOZED);
  }

  @Test
  void theDefaultPolicyPassedAsTenantPolicyIsNotAppliedTwice() {
    assertThat(Layering.resolve(platform, platform, null).caps()).hasSize(1);
    assertThat(Layering.resolve(null, null, null).caps()).isEmpty();
  }
}
