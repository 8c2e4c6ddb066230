package dev.fatigueguard.policy;

import java.time.Duration;

/**
 * At most {@code max} contacts in ANY rolling window of length {@code window}, counting only
 * contacts within {@code scope}.
 *
 * <p>Windows are half-open: contacts at times a &lt; b share a window iff {@code b - a < window}.
 * So "a minimum gap of 16 h" is {@code max 1, window PT16H}, and two contacts exactly 16 h apart
 * are allowed. A cap with {@code max 0} forbids every message in its scope.
 *
 * <p>The record accepts any values so that a bad document can be reported in full; {@link
 * PolicyValidation} says what is wrong (window PT1M..P90D, max &gt;= 0, id present).
 */
public record Cap(String id, int max, Duration window, Scope scope) {

  public static final Duration SHORTEST_WINDOW = Duration.ofMinutes(1);
  public static final Duration LONGEST_WINDOW = Duration.ofDays(90);

  public Cap {
    scope = scope == null ? Scope.ALL : scope;
  }

  public Cap(String id, int max, Duration window) {
    this(id, max, window, Scope.ALL);
  }

  /** The same rule under another id; used to qualify ids by layer ({@code tenant:acme/daily}). */
  public Cap withId(String newId) {
    return new Cap(newId, max, window, scope);
  }
}
