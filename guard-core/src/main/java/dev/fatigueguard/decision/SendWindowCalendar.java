package dev.fatigueguard.decision;

import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.SendWindow;
import java.time.zone.ZoneRules;
import java.util.Collection;
import java.util.List;

/**
 * Whether a message may go out at an instant as far as send windows go, and if not, when the next
 * window in its scope opens. A message in scope of no window is never held by windows; one in scope
 * of several may go out inside any of them. Windows are {@link DailyPeriods} in the customer's
 * zone, so they open at the same local time across DST changes.
 */
final class SendWindowCalendar {

  private SendWindowCalendar() {}

  /** No window in scope is open at some instant; {@code rule} is the one that opens first. */
  record Closed(SendWindow rule, long opensAtMillis) {}

  /**
   * {@code null} if every layer or preset with a send window in the message's scope has one of
   * those open at {@code t}; otherwise, for the first layer (in layer order) that has not, its
   * in-scope window that opens first after {@code t} (the first listed on a tie). The decider and
   * the budget both ask here.
   */
  static Closed closedAt(
      EffectiveRules rules,
      String channel,
      String category,
      Collection<String> tags,
      String campaign,
      long t) {
    List<List<SendWindow>> groups = rules.sendWindowGroups();
    if (groups.isEmpty()) {
      return null;
    }
    ZoneRules zone = rules.zoneRules();
    for (int g = 0; g < groups.size(); g++) {
      Closed closed = closedAt(groups.get(g), zone, channel, category, tags, campaign, t);
      if (closed != null) {
        return closed;
      }
    }
    return null;
  }

  private static Closed closedAt(
      List<SendWindow> windows,
      ZoneRules zone,
      String channel,
      String category,
      Collection<String> tags,
      String campaign,
      long t) {
    SendWindow first = null;
    long firstOpening = Long.MAX_VALUE;
    for (int i = 0; i < windows.size(); i++) {
      SendWindow window = windows.get(i);
      if (!window.scope().matches(channel, category, tags, campaign)) {
        continue;
      }
      if (isOpen(window, zone, t)) {
        return null;
      }
      long opens = opensAt(window, zone, t);
      if (opens != DailyPeriods.NONE && (first == null || opens < firstOpening)) {
        first = window;
        firstOpening = opens;
      }
    }
    return first == null ? null : new Closed(first, firstOpening);
  }

  /**
   * {@code t} if the message may go out at {@code t} as far as send windows go, else the instant
   * the first closed layer's first window in scope opens (another layer may still be closed then;
   * {@link NextEligibleTime} keeps searching until all agree).
   */
  static long openFrom(
      EffectiveRules rules,
      String channel,
      String category,
      Collection<String> tags,
      String campaign,
      long t) {
    Closed closed = closedAt(rules, channel, category, tags, campaign, t);
    return closed == null ? t : closed.opensAtMillis();
  }

  static boolean isOpen(SendWindow window, ZoneRules zone, long t) {
    return DailyPeriods.endOfPeriodAt(window.start(), window.end(), window.days(), zone, t)
        != DailyPeriods.NONE;
  }

  /** The first opening at or after {@code t}, or {@link DailyPeriods#NONE}. */
  static long opensAt(SendWindow window, ZoneRules zone, long t) {
    return DailyPeriods.nextStart(window.start(), window.end(), window.days(), zone, t);
  }
}
