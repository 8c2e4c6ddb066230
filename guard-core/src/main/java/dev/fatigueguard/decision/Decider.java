package dev.fatigueguard.decision;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.DurationText;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.SendWindow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Decides what happens to one message, given the customer's effective rules and contact ledger.
 * Pure: it reads the ledger but never changes it; when a verdict approves with {@link
 * Verdict#counts()}, the caller records the contact ({@code ledger.record(now, ...)}).
 *
 * <p>The rules, in the order they are applied (the first that decides wins):
 *
 * <ol>
 *   <li><b>Expired</b>: {@code expiresAt <= now}, or a held message has waited its full {@code
 *       maxDelay} ({@code now >= heldSince + maxDelay}) → DROP EXPIRED.
 *   <li><b>Opted out</b>: an opt-out matches (channel, category) and the category is not required →
 *       DROP OPTED_OUT. Absolute: exempt-but-not-required categories are dropped too.
 *   <li><b>Exempt category</b> → APPROVE; it counts towards caps only if the policy says
 *       countExempt. Exempt categories bypass everything below.
 *   <li><b>Snooze, quiet hours, send windows, caps</b>. If any of them blocks now, the reason is
 *       the first blocker in the order snooze, quiet hours, send windows (OUTSIDE_SEND_WINDOW: the
 *       message is in scope of send windows and none of them is open), caps (each in layer order:
 *       default, tenant, customer); a cap with max 0 in scope always blocks. A max-0 cap means the
 *       message can never be sent, so it is dropped at once with that reason, whatever the overflow
 *       action. Overflow DROP or a non-deferrable message → DROP with that reason. Otherwise the
 *       message is held until the earliest instant at which every rule allows it; if that instant
 *       is not before the deadline min(expiresAt, (heldSince or now) + maxDelay), → DROP with that
 *       reason (EXPIRED for a message that was already held, naming the rule that kept it), saying
 *       it could not be sent in time.
 *   <li>Otherwise → APPROVE, counted.
 * </ol>
 *
 * <p>Runs per record: no streams, no time-zone work unless a quiet-hours rule or send window is in
 * scope, and a plain approval allocates only its window counts and the verdict.
 */
public final class Decider {

  /** {@code heldSinceMillis} for a live (not previously held) message. */
  public static final long LIVE = -1;

  static final String SNOOZE_RULE = "customer/snooze";
  private static final String CUSTOMER_LAYER = "customer/";
  private static final String WITHIN_ALL_RULES = "within every rule";

  private Decider() {}

  /**
   * @param heldSinceMillis when the message was first held, or {@link #LIVE} (-1) for a live
   *     message
   */
  public static Verdict decide(
      MessageFacts message,
      EffectiveRules rules,
      ContactLedger ledger,
      long nowMillis,
      long heldSinceMillis) {
    String channel = message.channel();
    String category = message.category();
    boolean held = heldSinceMillis >= 0;
    long maxDelayDeadline =
        saturatedAdd(held ? heldSinceMillis : nowMillis, rules.maxDelayMillis());

    // Window counts are part of every verdict, so the audit log shows what each cap saw.
    List<Cap> caps = rules.caps();
    CapUsage[] seen = new CapUsage[caps.size()];
    int seenCount = 0;
    Cap firstFull = null;
    int firstFullUsed = 0;
    Cap neverRoom = null;
    for (int i = 0; i < caps.size(); i++) {
      Cap cap = caps.get(i).countingFor(channel, category, message.tags(), message.campaignId());
      if (cap != null) {
        int used = CapWindows.used(cap, ledger, nowMillis, rules.zone());
        CapUsage count = new CapUsage(cap.id(), used, cap.max(), cap.window(), cap.period());
        seen[seenCount++] = count;
        if (cap.max() <= 0 && neverRoom == null) {
          neverRoom = cap;
        }
        if (count.full() && firstFull == null) {
          firstFull = cap;
          firstFullUsed = used;
        }
      }
    }
    List<CapUsage> windowCounts =
        seenCount == 0
            ? List.of()
            : List.of(seenCount == seen.length ? seen : Arrays.copyOf(seen, seenCount));

    // 1. Expired.
    if (message.hasExpiry() && message.expiresAtMillis() <= nowMillis) {
      return Verdict.drop(
          Reason.EXPIRED, null, "expired at " + instant(message.expiresAtMillis()), windowCounts);
    }
    if (held && nowMillis >= maxDelayDeadline) {
      return Verdict.drop(
          Reason.EXPIRED,
          null,
          "held since "
              + instant(heldSinceMillis)
              + " for the policy's maxDelay of "
              + DurationText.format(rules.maxDelay()),
          windowCounts);
    }

    // 2. Opted out (never for a required category).
    OptOutRule optOut = rules.optOutCovering(channel, category);
    if (optOut != null) {
      return Verdict.drop(
          Reason.OPTED_OUT,
          CUSTOMER_LAYER + optOut.describe(),
          "customer opted out of " + describe(optOut),
          windowCounts);
    }

    // 3. Exempt categories bypass snooze, quiet hours, send windows and caps.
    if (rules.isExempt(category)) {
      return Verdict.approve(
          null,
          "exempt category "
              + category
              + (rules.countExempt() ? " (counted towards caps)" : " (not counted)"),
          rules.countExempt(),
          windowCounts);
    }

    // 4. Snooze, quiet hours, send windows, caps.
    Reason reason = null;
    String ruleId = null;
    String detail = null;
    if (nowMillis < rules.snoozeUntilMillis()) {
      reason = Reason.SNOOZED;
      ruleId = SNOOZE_RULE;
      detail = "customer snoozed until " + rules.snoozeUntil();
    } else {
      QuietHoursCalendar.Active active =
          QuietHoursCalendar.firstActive(
              rules, channel, category, message.tags(), message.campaignId(), nowMillis);
      SendWindowCalendar.Closed closed =
          active != null
              ? null
              : SendWindowCalendar.closedAt(
                  rules, channel, category, message.tags(), message.campaignId(), nowMillis);
      if (active != null) {
        QuietPeriod quiet = active.rule();
        reason = Reason.QUIET_HOURS;
        ruleId = quiet.id();
        detail =
            "quiet hours "
                + quiet.start()
                + "-"
                + quiet.end()
                + " "
                + rules.zone().getId()
                + " ("
                + quiet.id()
                + ") until "
                + instant(active.untilMillis());
      } else if (closed != null) {
        SendWindow window = closed.rule();
        reason = Reason.OUTSIDE_SEND_WINDOW;
        ruleId = window.id();
        detail =
            "outside send window "
                + window.id()
                + " "
                + window.hours()
                + " "
                + rules.zone().getId()
                + "; opens at "
                + instant(closed.opensAtMillis());
      } else if (firstFull != null) {
        reason = Reason.CAP_EXCEEDED;
        ruleId = firstFull.id();
        detail =
            firstFullUsed
                + " of "
                + firstFull.max()
                + " "
                + span(firstFull)
                + " ("
                + firstFull.id()
                + "); room again at "
                + instant(CapWindows.roomFrom(firstFull, ledger, nowMillis, rules.zone()));
      }
    }

    // 5. Nothing blocks.
    if (reason == null) {
      return Verdict.approve(null, WITHIN_ALL_RULES, true, windowCounts);
    }

    if (neverRoom != null) {
      String never =
          "cap "
              + neverRoom.id()
              + " allows 0 "
              + span(neverRoom)
              + ": this message can never be sent";
      return Verdict.drop(
          reason,
          ruleId,
          neverRoom.id().equals(ruleId) ? never : detail + "; " + never,
          windowCounts);
    }
    if (rules.overflowAction() == Overflow.DROP) {
      return Verdict.drop(reason, ruleId, detail + "; overflow action is DROP", windowCounts);
    }
    if (!message.deferrable()) {
      return Verdict.drop(reason, ruleId, detail + "; the message is not deferrable", windowCounts);
    }
    boolean expiryFirst = message.hasExpiry() && message.expiresAtMillis() < maxDelayDeadline;
    long deadline = expiryFirst ? message.expiresAtMillis() : maxDelayDeadline;
    long releaseAt =
        NextEligibleTime.find(
            rules,
            ledger,
            channel,
            category,
            message.tags(),
            message.campaignId(),
            nowMillis,
            deadline);
    if (releaseAt == NextEligibleTime.NONE) {
      // A message already held has reached the end of its wait: that is what EXPIRED means to
      // the sender. A live one was never held, so it is dropped for the rule that blocks it.
      Reason dropReason = heldSinceMillis == LIVE ? reason : Reason.EXPIRED;
      return Verdict.drop(
          dropReason,
          ruleId,
          detail
              + "; could not be sent before "
              + (expiryFirst
                  ? "it expires at "
                  : "the maxDelay of " + DurationText.format(rules.maxDelay()) + " runs out at ")
              + instant(deadline),
          windowCounts);
    }
    return Verdict.hold(
        reason, ruleId, detail + "; held until " + instant(releaseAt), releaseAt, windowCounts);
  }

  /**
   * {@code in P1D} for a rolling cap, {@code this local DAY} for a calendar one, {@code in P7D for
   * campaign spring} for a per-campaign one.
   */
  private static String span(Cap cap) {
    String span =
        cap.isCalendar() ? "this local " + cap.period() : "in " + DurationText.format(cap.window());
    // A per-campaign cap reaches the decider narrowed to the message's one campaign.
    return cap.perCampaign()
        ? span + " for campaign " + cap.scope().campaigns().iterator().next()
        : span;
  }

  private static String describe(OptOutRule optOut) {
    if (optOut.channel() == null && optOut.category() == null) {
      return "all messages";
    }
    return (optOut.category() == null ? "every category" : optOut.category())
        + " on "
        + (optOut.channel() == null ? "every channel" : optOut.channel());
  }

  static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
