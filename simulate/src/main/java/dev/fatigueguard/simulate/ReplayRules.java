package dev.fatigueguard.simulate;

import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import java.time.Duration;
import java.util.List;

/** The policies (platform default and tenants) and customer preferences a replay runs under. */
public record ReplayRules(List<Policy> policies, List<CustomerPreferences> preferences) {

  public ReplayRules {
    policies = List.copyOf(policies);
    preferences = List.copyOf(preferences);
  }

  /**
   * How long a message can be held at most: after this, every held message is released or expired.
   */
  public Duration longestMaxDelay() {
    return policies.stream()
        .map(Policy::maxDelay)
        .max(Duration::compareTo)
        .orElse(Policy.DEFAULT_MAX_DELAY);
  }
}
