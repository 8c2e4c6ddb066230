package dev.fatigueguard.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What one customer set in the preference centre. Everything is optional: {@code zone}, {@code
 * snoozeUntil} and {@code overflowAction} may be {@code null} (= inherit / not snoozed). The
 * customer's caps, quiet hours and send windows are added to the policies' (they can only tighten).
 */
public record CustomerPreferences(
    String customerId,
    ZoneId zone,
    List<Cap> caps,
    List<QuietPeriod> quietHours,
    List<OptOutRule> optOuts,
    Instant snoozeUntil,
    Overflow overflowAction,
    List<SendWindow> sendWindows) {

  public CustomerPreferences {
    sendWindows = sendWindows == null ? List.of() : List.copyOf(sendWindows);
    caps = caps == null ? List.of() : List.copyOf(caps);
    quietHours = quietHours == null ? List.of() : List.copyOf(quietHours);
    optOuts = optOuts == null ? List.of() : List.copyOf(optOuts);
  }

  /** Preferences without send windows. */
  public CustomerPreferences(
      String customerId,
      ZoneId zone,
      List<Cap> caps,
      List<QuietPeriod> quietHours,
      List<OptOutRule> optOuts,
      Instant snoozeUntil,
      Overflow overflowAction) {
    this(customerId, zone, caps, quietHours, optOuts, snoozeUntil, overflowAction, List.of());
  }

  /** A customer who set nothing. */
  public static CustomerPreferences none(String customerId) {
    return new CustomerPreferences(customerId, null, List.of(), List.of(), List.of(), null, null);
  }
}
