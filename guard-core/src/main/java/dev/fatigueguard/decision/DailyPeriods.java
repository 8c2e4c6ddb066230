package dev.fatigueguard.decision;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Set;

/**
 * Periods that recur at the same local times on chosen days: quiet hours and send windows alike.
 *
 * <p>The period that starts on local date d is [at(d, start), at(d', end)) with d' = d, or d + 1
 * when it crosses midnight, and it exists only if {@code days} is empty or holds d's weekday.
 * {@link QuietHoursCalendar#instantOf} maps local times to instants (after a DST gap, earlier
 * offset in an overlap), so a period whose start and end both fall into one gap is empty and never
 * runs. Because each period lasts less than ~25 h, an instant can only lie in the period that
 * started on its own local date or the one before.
 */
final class DailyPeriods {

  /** {@link #endOfPeriodAt} when no period runs at the instant. */
  static final long NONE = Long.MIN_VALUE;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** A period starts within a week of any instant; a day more covers one that started yesterday. */
  private static final int DAYS_TO_SEARCH = 8;

  private DailyPeriods() {}

  /** The end of the period running at {@code t}, or {@link #NONE}. */
  static long endOfPeriodAt(
      LocalTime start, LocalTime end, Set<DayOfWeek> days, ZoneRules zone, long t) {
    long today = localEpochDay(zone, t);
    long untilToday = endIfRunning(start, end, days, zone, t, today);
    return untilToday != NONE ? untilToday : endIfRunning(start, end, days, zone, t, today - 1);
  }

  /**
   * The start of the first (non-empty) period that starts at or after {@code t}; {@link #NONE} only
   * if {@code days} names no day at all.
   */
  static long nextStart(
      LocalTime start, LocalTime end, Set<DayOfWeek> days, ZoneRules zone, long t) {
    long today = localEpochDay(zone, t);
    for (long day = today - 1; day <= today + DAYS_TO_SEARCH; day++) {
      LocalDate date = LocalDate.ofEpochDay(day);
      if (!days.isEmpty() && !days.contains(date.getDayOfWeek())) {
        continue;
      }
      long from = QuietHoursCalendar.instantOf(date, start, zone);
      if (from >= t && from < endOf(date, start, end, zone)) {
        return from;
      }
    }
    return NONE;
  }

  private static long endIfRunning(
      LocalTime start, LocalTime end, Set<DayOfWeek> days, ZoneRules zone, long t, long epochDay) {
    LocalDate startDate = LocalDate.ofEpochDay(epochDay);
    if (!days.isEmpty() && !days.contains(startDate.getDayOfWeek())) {
      return NONE;
    }
    if (t < QuietHoursCalendar.instantOf(startDate, start, zone)) {
      return NONE;
    }
    long until = endOf(startDate, start, end, zone);
    return t < until ? until : NONE;
  }

  private static long endOf(LocalDate startDate, LocalTime start, LocalTime end, ZoneRules zone) {
    LocalDate endDate = start.isAfter(end) ? startDate.plusDays(1) : startDate;
    return QuietHoursCalendar.instantOf(endDate, end, zone);
  }

  private static long localEpochDay(ZoneRules zone, long t) {
    ZoneOffset offset =
        zone.isFixedOffset()
            ? zone.getOffset(Instant.EPOCH)
            : zone.getOffset(Instant.ofEpochMilli(t));
    return Math.floorDiv(t + offset.getTotalSeconds() * 1000L, MILLIS_PER_DAY);
  }
}
