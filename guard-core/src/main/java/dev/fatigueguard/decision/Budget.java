package dev.fatigueguard.decision;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Period;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * "Can I send to this customer on this channel now? What is used, what is left, when is the next
 * eligible time?" The same rules the {@link Decider} applies, seen from a sender's side, built from
 * the decider's own pieces so the answer cannot drift from what the guard would do.
 *
 * @param caps every cap whose scope matches, with its use
 * @param exempt the category bypasses snooze, quiet hours, send windows and caps
 * @param optedOut the customer refuses this channel/category (never true for a required category)
 * @param snoozed the customer's snooze is running
 * @param activeQuietHours the id of the quiet-hours rule running now, or {@code null}
 * @param closedSendWindow when the message is in scope of send windows and none is open now, the id
 *     of the one that opens first; otherwise {@code null}
 * @param sendWindowOpensAtMillis when that window opens, or -1
 * @param allowedNow a message like this would be approved now
 * @param nextEligibleAtMillis the earliest instant a message like this would be approved: now if
 *     allowed, {@link #NEVER} if opted out or a max-0 cap applies, or if nothing works within a
 *     week past the snooze and the longest window
 */
public record Budget(
    List<CapBudget> caps,
    boolean exempt,
    boolean optedOut,
    boolean snoozed,
    String activeQuietHours,
    String closedSendWindow,
    long sendWindowOpensAtMillis,
    boolean allowedNow,
    long nextEligibleAtMillis) {

  public static final long NEVER = -1;

  private static final long SEARCH_SLACK_MILLIS = Duration.ofDays(8).toMillis();

  /**
   * One cap's use: {@code used} of {@code max} in its rolling {@code window} or its local calendar
   * {@code period} (the other is null); {@code oldestLeavesAtMillis} is when the oldest contact now
   * counted stops counting: it leaves the window, or the period ends (-1 if none is counted).
   */
  public record CapBudget(
      String ruleId, int used, int max, Duration window, Period period, long oldestLeavesAtMillis) {
    public int remaining() {
      return Math.max(0, max - used);
    }
  }

  public boolean quietHoursActive() {
    return activeQuietHours != null;
  }

  public boolean outsideSendWindow() {
    return closedSendWindow != null;
  }

  /** The budget for a message without a campaign. */
  public static Budget of(
      EffectiveRules rules,
      ContactLedger ledger,
      String channel,
      String category,
      Collection<String> tags,
      long nowMillis) {
    return of(rules, ledger, channel, category, tags, null, nowMillis);
  }

  /**
   * @param campaign the campaign of the message asked about, or {@code null} for none: per-campaign
   *     caps then count only that campaign's contacts (and do not apply without one)
   */
  public static Budget of(
      EffectiveRules rules,
      ContactLedger ledger,
      String channel,
      String category,
      Collection<String> tags,
      String campaign,
      long nowMillis) {
    List<CapBudget> caps = new ArrayList<>();
    boolean neverRoom = false;
    for (Cap rule : rules.caps()) {
      Cap cap = rule.countingFor(channel, category, tags, campaign);
      if (cap != null) {
        caps.add(
            new CapBudget(
                cap.id(),
                CapWindows.used(cap, ledger, nowMillis, rules.zone()),
                cap.max(),
                cap.window(),
                cap.period(),
                CapWindows.countedUntil(cap, ledger, nowMillis, rules.zone())));
        neverRoom |= cap.max() <= 0;
      }
    }
    boolean optedOut = rules.optOutCovering(channel, category) != null;
    boolean exempt = rules.isExempt(category);
    boolean snoozed = nowMillis < rules.snoozeUntilMillis();
    QuietHoursCalendar.Active quiet =
        QuietHoursCalendar.firstActive(rules, channel, category, tags, campaign, nowMillis);
    String activeQuiet = quiet == null ? null : quiet.rule().id();
    SendWindowCalendar.Closed closed =
        SendWindowCalendar.closedAt(rules, channel, category, tags, campaign, nowMillis);

    long next;
    if (optedOut) {
      next = NEVER;
    } else if (exempt) {
      next = nowMillis;
    } else if (neverRoom) {
      next = NEVER;
    } else {
      long limit =
          Decider.saturatedAdd(
              Decider.saturatedAdd(
                  Math.max(nowMillis, rules.snoozeUntilMillis()), rules.longestWindow().toMillis()),
              SEARCH_SLACK_MILLIS);
      long found =
          NextEligibleTime.find(rules, ledger, channel, category, tags, campaign, nowMillis, limit);
      next = found == NextEligibleTime.NONE ? NEVER : found;
    }
    return new Budget(
        List.copyOf(caps),
        exempt,
        optedOut,
        snoozed,
        activeQuiet,
        closed == null ? null : closed.rule().id(),
        closed == null ? NEVER : closed.opensAtMillis(),
        next == nowMillis,
        next);
  }
}
