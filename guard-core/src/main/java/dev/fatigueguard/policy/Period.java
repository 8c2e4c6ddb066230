package dev.fatigueguard.policy;

import java.time.Duration;

/**
 * A calendar period of the customer's local calendar (their effective zone), for caps that count
 * "per day", "per week" or "per month" and reset at local midnight. A period starts at the first
 * instant of its first local day, so a day on which clocks change lasts 23 or 25 hours and is still
 * one day.
 */
public enum Period {
  /** From local midnight to the next. */
  DAY(Duration.ofDays(2)),
  /** ISO week: from Monday 00:00 local to the next Monday. */
  WEEK(Duration.ofDays(8)),
  /** From the first of the month 00:00 local to the first of the next. */
  MONTH(Duration.ofDays(32));

  private final Duration horizon;

  Period(Duration horizon) {
    this.horizon = horizon;
  }

  /**
   * How far back a contact can still share the period of any instant from now on: the longest
   * period plus a day for a change of zone offset. The ledger keeps contacts this long.
   */
  public Duration horizon() {
    return horizon;
  }
}
