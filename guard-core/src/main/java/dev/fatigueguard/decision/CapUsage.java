package dev.fatigueguard.decision;

import java.time.Duration;

/**
 * What one applicable cap saw when a decision was made: {@code used} of {@code max} contacts in a
 * window of length {@code window}. {@code used} is the fullest window of that length containing the
 * decision instant, which for an in-order ledger is simply the trailing window (t - w, t].
 */
public record CapUsage(String ruleId, int used, int max, Duration window) {

  public boolean full() {
    return used >= max;
  }
}
