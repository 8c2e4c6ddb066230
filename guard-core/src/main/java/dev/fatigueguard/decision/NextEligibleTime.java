package dev.fatigueguard.decision;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.QuietPeriod;
import java.time.zone.ZoneRules;
import java.util.Collection;
import java.util.List;

/**
 * The earliest instant at or after a given one at which EVERY rule that applies to a message allows
 * it: the snooze is over, no applicable quiet period is running, a send window in scope (if any) is
 * open, and every applicable cap has room given the current ledger.
 *
 * <p>Each rule can say when it next allows the message (snooze end, end of the quiet period, the
 * instant the blocking contact leaves the window or the next local period starts), but satisfying
 * one rule can land in another (a quiet period ends while a cap is full, the cap frees up inside
 * the next quiet period...). So the candidate is pushed forward rule by rule until a full pass
 * moves it no more; every step only moves forward, and the search stops at the caller's limit.
 */
final class NextEligibleTime {

  /** {@link #find} when no instant before the limit works. */
  static final long NONE = Long.MIN_VALUE;

  /**
   * Passes are cheap; this only guards against a pathological policy (quiet hours around the
   * clock).
   */
  private static final int MAX_PASSES = 10_000;

  private NextEligibleTime() {}

  /**
   * @param from the first instant to consider
   * @param limit exclusive: an answer must be before it
   * @return the earliest instant in [from, limit) allowed by every applicable rule, or {@link
   *     #NONE}
   */
  static long find(
      EffectiveRules rules,
      ContactLedger ledger,
      String channel,
      String category,
      Collection<String> tags,
      String campaign,
      long from,
      long limit) {
    List<QuietPeriod> quietHours = rules.quietHours();
    List<Cap> caps = rules.caps();
    ZoneRules zone = quietHours.isEmpty() ? null : rules.zoneRules();
    boolean windows = !rules.sendWindows().isEmpty();
    long t = from;
    for (int pass = 0; pass < MAX_PASSES && t < limit; pass++) {
      long candidate = Math.max(t, rules.snoozeUntilMillis());
      for (int i = 0; i < quietHours.size(); i++) {
        QuietPeriod quiet = quietHours.get(i);
        if (quiet.scope().matches(channel, category, tags, campaign)) {
          long end = QuietHoursCalendar.quietUntil(quiet, zone, candidate);
          if (end != QuietHoursCalendar.NOT_QUIET) {
            candidate = end;
          }
        }
      }
      if (windows) {
        candidate =
            SendWindowCalendar.openFrom(rules, channel, category, tags, campaign, candidate);
      }
      for (int i = 0; i < caps.size(); i++) {
        Cap cap = caps.get(i).countingFor(channel, category, tags, campaign);
        if (cap != null) {
          candidate = CapWindows.roomFrom(cap, ledger, candidate, rules.zone());
          if (candidate == CapWindows.NEVER) {
            return NONE;
          }
        }
      }
      if (candidate == t) {
        return t;
      }
      t = candidate;
    }
    return NONE;
  }
}
