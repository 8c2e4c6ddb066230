package dev.fatigueguard.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * No messages (within {@code scope}) while the customer's local time is in [start, end).
 *
 * <p>If {@code start} is after {@code end} the period crosses midnight. {@code days} empty means
 * every day; otherwise it lists the days on which a quiet period STARTS, so 22:00-07:00 with FRIDAY
 * covers Friday 22:00 to Saturday 07:00. {@code start == end} is invalid (it would be ambiguous
 * between "never" and "always").
 *
 * <p>Local times are turned into instants in the customer's zone: a time that falls into a DST gap
 * (spring forward) means the first instant after the gap; a time that occurs twice (fall back)
 * means its earlier occurrence.
 */
public record QuietPeriod(
    String id, LocalTime start, LocalTime end, Set<DayOfWeek> days, Scope scope) {

  public QuietPeriod {
    days = days == null ? Set.of() : Set.copyOf(days);
    scope = scope == null ? Scope.ALL : scope;
  }

  public QuietPeriod(String id, LocalTime start, LocalTime end) {
    this(id, start, end, Set.of(), Scope.ALL);
  }

  public boolean crossesMidnight() {
    return start.isAfter(end);
  }

  public boolean startsOn(DayOfWeek day) {
    return days.isEmpty() || days.contains(day);
  }

  /** The same rule under another id; used to qualify ids by layer. */
  public QuietPeriod withId(String newId) {
    return new QuietPeriod(newId, start, end, days, scope);
  }
}
