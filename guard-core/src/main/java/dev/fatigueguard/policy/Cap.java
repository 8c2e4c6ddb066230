package dev.fatigueguard.policy;

import java.time.Duration;
import java.util.Collection;

/**
 * At most {@code max} contacts within {@code scope}, counted either in ANY rolling window of length
 * {@code window}, or per calendar {@code period} of the customer's local calendar (exactly one of
 * the two is set).
 *
 * <p>Rolling windows are half-open: contacts at times a &lt; b share a window iff {@code b - a <
 * window}. So "a minimum gap of 16 h" is {@code max 1, window PT16H}, and two contacts exactly 16 h
 * apart are allowed. A calendar cap counts the contacts in the local day, ISO week or month that
 * contains the instant, and has room again at the start of the next one. A cap with {@code max 0}
 * forbids every message in its scope.
 *
 * <p>A {@code perCampaign} cap counts each campaign separately: for a message of campaign X it
 * counts only the contacts of campaign X (within {@code scope}), so "at most 1 per campaign per
 * P7D" lets one message of every campaign through. A message without a campaign is not in the scope
 * of a per-campaign cap.
 *
 * <p>The record accepts any values so that a bad document can be reported in full; {@link
 * PolicyValidation} says what is wrong (window PT1M..P90D or a period, max &gt;= 0, id present).
 */
public record Cap(
    String id, int max, Duration window, Period period, Scope scope, boolean perCampaign) {

  public static final Duration SHORTEST_WINDOW = Duration.ofMinutes(1);
  public static final Duration LONGEST_WINDOW = Duration.ofDays(90);

  public Cap {
    scope = scope == null ? Scope.ALL : scope;
  }

  /** A cap counting all campaigns together. */
  public Cap(String id, int max, Duration window, Period period, Scope scope) {
    this(id, max, window, period, scope, false);
  }

  public Cap(String id, int max, Duration window, Scope scope) {
    this(id, max, window, null, scope);
  }

  public Cap(String id, int max, Duration window) {
    this(id, max, window, null, Scope.ALL);
  }

  /** A calendar cap: at most {@code max} per local {@code period}. */
  public static Cap perPeriod(String id, int max, Period period, Scope scope) {
    return new Cap(id, max, null, period, scope);
  }

  /** The same rule, counted per campaign or not. */
  public Cap perCampaign(boolean value) {
    return new Cap(id, max, window, period, scope, value);
  }

  /**
   * The cap as it counts for a message, or {@code null} if the message is not in its scope. A
   * per-campaign cap comes back narrowed to the message's campaign (a new cap, so only per-campaign
   * caps cost an allocation); any other matching cap comes back as it is.
   */
  public Cap countingFor(
      String channel, String category, Collection<String> tags, String campaign) {
    if (!scope.matches(channel, category, tags, campaign)) {
      return null;
    }
    if (!perCampaign) {
      return this;
    }
    return campaign == null
        ? null
        : new Cap(id, max, window, period, scope.onlyCampaign(campaign), true);
  }

  public boolean isCalendar() {
    return period != null;
  }

  /**
   * How far back contacts can matter to this cap: the window, or the period's {@link
   * Period#horizon()}; {@link Duration#ZERO} for an invalid cap with neither.
   */
  public Duration horizon() {
    if (period != null) {
      return period.horizon();
    }
    return window == null ? Duration.ZERO : window;
  }

  /** {@code P1D} for a rolling cap, {@code DAY} for a calendar one: how decisions name its span. */
  public String span() {
    return period != null ? period.name() : window == null ? "?" : DurationText.format(window);
  }

  /** The same rule under another id; used to qualify ids by layer ({@code tenant:acme/daily}). */
  public Cap withId(String newId) {
    return new Cap(newId, max, window, period, scope, perCampaign);
  }
}
