package dev.fatigueguard.decision;

import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.QuietPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Collection;
import java.util.List;

/**
 * Turns a quiet-hours rule into concrete periods of instants in the customer's zone (the periods
 * themselves are {@link DailyPeriods}).
 *
 * <p>{@link #instantOf} maps a local date-time to an instant: a time inside a DST gap (it never
 * happens on the clock) maps to the first instant after the gap, since that is when the clock first
 * shows a time at or after it; a time inside a DST overlap (it happens twice) maps to its earlier
 * occurrence.
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
    long until = DailyPeriods.endOfPeriodAt(rule.start(), rule.end(), rule.days(), zone, t);
    return until == DailyPeriods.NONE ? NOT_QUIET : until;
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
