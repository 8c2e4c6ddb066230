package dev.fatigueguard.decision;

import dev.fatigueguard.policy.Period;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Where the customer's local calendar periods begin and end, as instants. A period starts at the
 * first instant of its first local day ({@link LocalDate#atStartOfDay(ZoneId)}: if midnight falls
 * into a DST gap, the first instant after it), so a 23- or 25-hour day is still one day.
 */
final class CalendarPeriods {

  private CalendarPeriods() {}

  /** The start of the period containing {@code t}. */
  static long startOf(Period period, ZoneId zone, long t) {
    return startOfDate(firstDay(period, localDate(zone, t)), zone);
  }

  /** The start of the period after the one containing {@code t} (exclusive end of that one). */
  static long endOf(Period period, ZoneId zone, long t) {
    LocalDate first = firstDay(period, localDate(zone, t));
    LocalDate next =
        switch (period) {
          case DAY -> first.plusDays(1);
          case WEEK -> first.plusWeeks(1);
          case MONTH -> first.plusMonths(1);
        };
    return startOfDate(next, zone);
  }

  private static LocalDate firstDay(Period period, LocalDate date) {
    return switch (period) {
      case DAY -> date;
      case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> date.withDayOfMonth(1);
    };
  }

  private static LocalDate localDate(ZoneId zone, long t) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(t), zone);
  }

  private static long startOfDate(LocalDate date, ZoneId zone) {
    return date.atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
