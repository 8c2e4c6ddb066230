package dev.fatigueguard.decision;

import dev.fatigueguard.policy.Period;
import java.time.Duration;

/**
 * What one applicable cap saw when a decision was made: {@code used} of {@code max} contacts. For a
 * rolling cap ({@code window} set) {@code used} is the fullest window of that length containing the
 * decision instant, which for an in-order ledger is simply the trailing window (t - w, t]; for a
 * calendar cap ({@code period} set) it is the count in the customer's local period containing it.
 */
public record CapUsage(String ruleId, int used, int max, Duration window, Period period) {

  public CapUsage(String ruleId, int used, int max, Duration window) {
    this(ruleId, used, max, window, null);
  }

  public boolean full() {
    return used >= max;
  }

  /** {@code P1D} for a rolling cap, {@code DAY} for a calendar one. */
  public String span() {
    return period != null ? period.name() : dev.fatigueguard.policy.DurationText.format(window);
  }
}
