package dev.fatigueguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void emptyDimensionsMatchEverything() {
    assertThat(Scope.ALL.matches("SMS", "MARKETING", List.of())).isTrue();
    assertThat(Scope.ALL.matches("EMAIL", "SECURITY", List.of("x"))).isTrue();
    assertThat(new Scope(null, null, null)).isEqualTo(Scope.ALL);
  }

  @Test
  void channelAndCategoryMustBothBeListedWhenGiven() {
    Scope smsMarketing = new Scope(Set.of("SMS"), Set.of("MARKETING", "PROMOTIONAL"), Set.of());

    assertThat(smsMarketing.matches("SMS", "PROMOTIONAL", List.of())).isTrue();
    assertThat(smsMarketing.matches("EMAIL", "MARKETING", List.of())).isFalse();
    assertThat(smsMarketing.matches("SMS", "SERVICE", List.of())).isFalse();
    assertThat(smsMarketing.matches(null, "MARKETING", List.of())).isFalse();
  }

  @Test
  void anyOneListedTagIsEnough() {
    Scope promo = new Scope(Set.of(), Set.of(), Set.of("black-friday", "cyber-monday"));

    assertThat(promo.matches("EMAIL", "MARKETING", List.of("vip", "cyber-monday"))).isTrue();
    assertThat(promo.matches("EMAIL", "MARKETING", List.of("vip"))).isFalse();
    assertThat(promo.matches("EMAIL", "MARKETING", List.of())).isFalse();
    assertThat(promo.matches("EMAIL", "MARKETING", null)).isFalse();
  }

  @Test
  void namesAreCaseSensitive() {
    assertThat(new Scope(Set.of("SMS"), Set.of(), Set.of()).matches("sms", "MARKETING", List.of()))
        .isFalse();
  }
}
