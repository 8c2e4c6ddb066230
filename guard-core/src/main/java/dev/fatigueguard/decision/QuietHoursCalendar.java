package dev.fatigueguard.decision;

import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.QuietPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Collection;
import java.util.List;

/**
 * Turns a quiet-hours rule into concrete periods of instants in the customer's zone.
 *
 * <p>The period that starts on local date d is [at(d, start), at(d', end)) with d' = d, or d + 1
 * when the rule crosses midnight. {@code at} maps a local date-time to an instant: a time inside a
 * DST gap (it never happens on the clock) maps to the first instant after the gap, since that is
 * when the clock first shows a time at or after it; a time inside a DST overlap (it happens twice)
 * maps to its earlier occurrence. Because each period lasts less than ~25 h, an instant can only
 * lie in the period that started on its own local date or the one before.
 *
 * <p>Works on epoch millis and {@link ZoneRules} directly: no ZonedDateTime per message.
 */
final class QuietHoursCalendar {

  /** {@link #quietUntil} when the instant is not in a quiet period of the rule. */
  static final long NOT_QUIET = Long.MIN_VALUE;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private QuietHoursCalendar() {}

  /** A quiet-hours rule running at some instant, and when its quiet period ends. */
  record Active(QuietPeriod rule, long untilMillis) {}

  /**
   * The first of the rules' quiet hours (in layer order) that covers this message and is running at
   * {@code t}, or {@code null}. The decider and the budget both ask here.
   */
  static Active firstActive(
      EffectiveRules rules,
      String channel,
      String category,
      Collection<String> tags,
      String campaign,
      long t) {
    List<QuietPeriod> quietHours = rules.quietHours();
    for (int i = 0; i < quietHours.size(); i++) {
      QuietPeriod candidate = quietHours.get(i);
      if (candidate.scope().matches(channel, category, tags, campaign)) {
        long until = quietUntil(candidate, rules.zoneRules(), t);
        if (until != NOT_QUIET) {
          return new Active(candidate, until);
        }
      }
    }
    return null;
  }

  /** The end of the rule's quiet period containing {@code t}, or {@link #NOT_QUIET}. */
  static long quietUntil(QuietPeriod rule, ZoneRules zone, long t) {
    ZoneOffset offset =
        zone.isFixedOffset()
            ? zone.getOffset(Instant.EPOCH)
            : zone.getOffset(Instant.ofEpochMilli(t));
    long localMillis = t + offset.getTotalSeconds() * 1000L;
    long today = Math.floorDiv(localMillis, MILLIS_PER_DAY);
    long untilToday = quietUntil(rule, zone, t, today);
    return untilToday != NOT_QUIET ? untilToday : quietUntil(rule, zone, t, today - 1);
  }

  private static long quietUntil(QuietPeriod rule, ZoneRules zone, long t, long startEpochDay) {
    LocalDate startDate = LocalDate.ofEpochDay(startEpochDay);
    if (!rule.startsOn(startDate.getDayOfWeek())) {
      return NOT_QUIET;
    }
    long start = instantOf(startDate, rule.start(), zone);
    if (t < start) {
      return NOT_QUIET;
    }
    LocalDate endDate = rule.crossesMidnight() ? startDate.plusDays(1) : startDate;
    long end = instantOf(endDate, rule.end(), zone);
    return t < end ? end : NOT_QUIET;
  }

  /**
   * Epoch millis of a local date-time in the zone: after the gap if it falls in one, earlier offset
   * in an overlap.
   */
  static long instantOf(LocalDate date, LocalTime time, ZoneRules zone) {
    long localMillis = date.toEpochDay() * MILLIS_PER_DAY + time.toNanoOfDay() / 1_000_000L;
    if (zone.isFixedOffset()) {
      return localMillis - zone.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L;
    }
    LocalDateTime local = LocalDateTime.of(date, time);
    ZoneOffsetTransition transition = zone.getTransition(local);
    if (transition == null) {
      return localMillis - zone.getOffset(local).getTotalSeconds() * 1000L;
    }
    if (transition.isGap()) {
      return transition.toEpochSecond() * 1000L;
    }
    return localMillis - transition.getOffsetBefore().getTotalSeconds() * 1000L;
  }
}
