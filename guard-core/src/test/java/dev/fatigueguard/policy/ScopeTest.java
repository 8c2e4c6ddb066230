package dev.fatigueguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void emptyDimensionsMatchEverything() {
    assertThat(Scope.ALL.matches("SMS", "MARKETING", List.of(), null)).isTrue();
    assertThat(Scope.ALL.matches("EMAIL", "SECURITY", List.of("x"), null)).isTrue();
    assertThat(new Scope(null, null, null)).isEqualTo(Scope.ALL);
  }

  @Test
  void channelAndCategoryMustBothBeListedWhenGiven() {
    Scope smsMarketing = new Scope(Set.of("SMS"), Set.of("MARKETING", "PROMOTIONAL"), Set.of());

    assertThat(smsMarketing.matches("SMS", "PROMOTIONAL", List.of(), null)).isTrue();
    assertThat(smsMarketing.matches("EMAIL", "MARKETING", List.of(), null)).isFalse();
    assertThat(smsMarketing.matches("SMS", "SERVICE", List.of(), null)).isFalse();
    assertThat(smsMarketing.matches(null, "MARKETING", List.of(), null)).isFalse();
  }

  @Test
  void anyOneListedTagIsEnough() {
    Scope promo = new Scope(Set.of(), Set.of(), Set.of("black-friday", "cyber-monday"));

    assertThat(promo.matches("EMAIL", "MARKETING", List.of("vip", "cyber-monday"), null)).isTrue();
    assertThat(promo.matches("EMAIL", "MARKETING", List.of("vip"), null)).isFalse();
    assertThat(promo.matches("EMAIL", "MARKETING", List.of(), null)).isFalse();
    assertThat(promo.matches("EMAIL", "MARKETING", null, null)).isFalse();
  }

  @Test
  void namesAreCaseSensitive() {
    assertThat(
            new Scope(Set.of("SMS"), Set.of(), Set.of())
                .matches("sms", "MARKETING", List.of(), null))
        .isFalse();
  }

  @Test
  void aScopeListingCampaignsMatchesOnlyMessagesOfThoseCampaigns() {
    Scope spring = new Scope(Set.of(), Set.of(), Set.of(), Set.of("spring-sale", "easter"));

    assertThat(spring.matches("EMAIL", "MARKETING", List.of(), "easter")).isTrue();
    assertThat(spring.matches("EMAIL", "MARKETING", List.of(), "summer")).isFalse();
    assertThat(spring.matches("EMAIL", "MARKETING", List.of(), null))
        .as("a message without a campaign is not in a scope that lists campaigns")
        .isFalse();
    assertThat(Scope.ALL.matches("EMAIL", "MARKETING", List.of(), null)).isTrue();
    assertThat(Scope.ALL.matches("EMAIL", "MARKETING", List.of(), "summer")).isTrue();
  }

  @Test
  void narrowingToOneCampaignKeepsTheOtherDimensions() {
    Scope sms = new Scope(Set.of("SMS"), Set.of(), Set.of());

    Scope narrowed = sms.onlyCampaign("easter");

    assertThat(narrowed.matches("SMS", "MARKETING", List.of(), "easter")).isTrue();
    assertThat(narrowed.matches("SMS", "MARKETING", List.of(), "spring")).isFalse();
    assertThat(narrowed.matches("EMAIL", "MARKETING", List.of(), "easter")).isFalse();
  }
}
