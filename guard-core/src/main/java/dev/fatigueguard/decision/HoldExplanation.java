package dev.fatigueguard.decision;

import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.SendWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Says in plain words, for the customer it is held for, why a message is waiting and until when:
 * "Held until 08:00 because of your quiet hours 21:00–08:00." Times are in the customer's zone (the
 * zone of their rules); a release on another day than {@code now} names the day.
 *
 * <p>The rule is looked up by the id the decision recorded ({@code customer/night}, {@code
 * default/hourly}, ...): a rule of the customer's own layer is "your", any other is the sender's
 * ("a limit set by the sender"). A rule that no longer exists (the customer changed it since) still
 * gets a sentence, without its details.
 */
public final class HoldExplanation {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
  private static final String CUSTOMER_LAYER = "customer/";

  private HoldExplanation() {}

  /**
   * @param reason the kind of rule holding the message (by {@link Reason} name), may be null
   * @param ruleId the qualified id of the rule holding it, may be null
   */
  public static String of(
      String reason, String ruleId, Instant releaseAt, EffectiveRules rules, Instant now) {
    return of(reason, ruleId, releaseAt, rules, rules.zone(), now);
  }

  /**
   * As {@link #of(String, String, Instant, EffectiveRules, Instant)}, but the release time is told
   * in {@code shownIn} (the zone the reader sees, e.g. their browser's, when they chose none).
   */
  public static String of(
      String reason,
      String ruleId,
      Instant releaseAt,
      EffectiveRules rules,
      ZoneId shownIn,
      Instant now) {
    String until = "Held until " + when(releaseAt, shownIn, now);
    if (reason == null) {
      return until + ".";
    }
    return switch (reason) {
      case "QUIET_HOURS" -> until + " because of " + quietHours(ruleId, rules) + ".";
      case "SNOOZED" -> until + " because you paused messages until then.";
      case "CAP_EXCEEDED" -> until + " because of " + cap(ruleId, rules) + ".";
      case "OUTSIDE_SEND_WINDOW" -> until + ", when " + sendWindow(ruleId, rules) + " opens.";
      default -> until + ".";
    };
  }

  private static String when(Instant at, ZoneId zone, Instant now) {
    ZonedDateTime local = at.atZone(zone);
    LocalDate today = now.atZone(zone).toLocalDate();
    String time = TIME.format(local);
    if (local.toLocalDate().equals(today)) {
      return time;
    }
    if (local.toLocalDate().equals(today.plusDays(1))) {
      return "tomorrow " + time;
    }
    return DAY.format(local) + " " + time;
  }

  private static String quietHours(String ruleId, EffectiveRules rules) {
    String owner = owner(ruleId);
    for (QuietPeriod q : rules.quietHours()) {
      if (q.id().equals(ruleId)) {
        String days =
            q.days().isEmpty()
                ? ""
                : " on "
                    + String.join(
                        ", ",
                        q.days().stream()
                            .sorted()
                            .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                            .toList());
        return owner
            + " quiet hours "
            + TIME.format(q.start())
            + "\u2013"
            + TIME.format(q.end())
            + days
            + " ("
            + rules.zone().getId()
            + ")";
      }
    }
    return owner + " quiet hours";
  }

  private static String sendWindow(String ruleId, EffectiveRules rules) {
    for (SendWindow w : rules.sendWindows()) {
      if (w.id().equals(ruleId)) {
        return owner(ruleId) + " sending window " + w.hours() + " (" + rules.zone().getId() + ")";
      }
    }
    return "the next sending window";
  }

  private static String cap(String ruleId, EffectiveRules rules) {
    String owner = owner(ruleId);
    for (Cap c : rules.caps()) {
      if (c.id().equals(ruleId)) {
        String scope =
            c.scope().channels().isEmpty()
                ? ""
                : " on " + String.join(", ", c.scope().channels().stream().sorted().toList());
        return owner
            + " limit of at most "
            + c.max()
            + (c.max() == 1 ? " message" : " messages")
            + " per "
            + (c.isCalendar() ? c.period().name().toLowerCase(Locale.ROOT) : window(c.window()))
            + (c.perCampaign() ? " and campaign" : "")
            + scope;
      }
    }
    return owner + " limit on how many messages you get";
  }

  private static String owner(String ruleId) {
    return ruleId != null && ruleId.startsWith(CUSTOMER_LAYER) ? "your" : "the sender's";
  }

  /** "day", "week", "3 hours", "16 hours": a rolling window as people say it. */
  static String window(Duration window) {
    if (window.equals(Duration.ofDays(1))) {
      return "day";
    }
    if (window.equals(Duration.ofDays(7))) {
      return "week";
    }
    if (window.equals(Duration.ofHours(1))) {
      return "hour";
    }
    if (window.toDaysPart() > 0 && window.equals(Duration.ofDays(window.toDays()))) {
      return window.toDays() + " days";
    }
    if (window.toHoursPart() > 0 && window.equals(Duration.ofHours(window.toHours()))) {
      return window.toHours() + " hours";
    }
    return window.toMinutes() + " minutes";
  }
}
