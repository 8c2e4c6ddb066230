package dev.fatigueguard.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything that governs messages to one customer, after {@link Layering} merged the platform
 * default, the tenant policy and the customer's preferences. Rule ids are qualified by layer
 * ({@code default/daily}, {@code tenant:acme/daily}, {@code customer/sms-gap}) so a decision names
 * the exact rule that made it.
 *
 * <p>Built once per record on the hot path (policy-only rules are reused across records), so the
 * constructor only makes immutable copies of the rule lists and pre-computes the few numbers the
 * decider needs on every message.
 */
public final class EffectiveRules {

  /** {@link #snoozeUntilMillis()} when the customer is not snoozed. */
  public static final long NOT_SNOOZED = Long.MIN_VALUE;

  private final List<Cap> caps;
  private final List<QuietPeriod> quietHours;
  private final List<SendWindow> sendWindows;
  private final List<List<SendWindow>> sendWindowGroups;
  private final ZoneId zone;
  private final Set<String> exemptCategories;
  private final Set<String> requiredCategories;
  private final boolean countExempt;
  private final Overflow overflowAction;
  private final Duration maxDelay;
  private final long maxDelayMillis;
  private final List<OptOutRule> optOuts;
  private final Instant snoozeUntil;
  private final long snoozeUntilMillis;
  private final Duration longestWindow;

  public EffectiveRules(
      List<Cap> caps,
      List<QuietPeriod> quietHours,
      ZoneId zone,
      Set<String> exemptCategories,
      Set<String> requiredCategories,
      boolean countExempt,
      Overflow overflowAction,
      Duration maxDelay,
      List<OptOutRule> optOuts,
      Instant snoozeUntil) {
    this(
        caps,
        quietHours,
        List.of(),
        zone,
        exemptCategories,
        requiredCategories,
        countExempt,
        overflowAction,
        maxDelay,
        optOuts,
        snoozeUntil);
  }

  public EffectiveRules(
      List<Cap> caps,
      List<QuietPeriod> quietHours,
      List<SendWindow> sendWindows,
      ZoneId zone,
      Set<String> exemptCategories,
      Set<String> requiredCategories,
      boolean countExempt,
      Overflow overflowAction,
      Duration maxDelay,
      List<OptOutRule> optOuts,
      Instant snoozeUntil) {
    this.caps = List.copyOf(caps);
    this.quietHours = List.copyOf(quietHours);
    this.sendWindows = List.copyOf(sendWindows);
    this.sendWindowGroups = groupByLayer(this.sendWindows);
    this.zone = zone;
    this.exemptCategories = Set.copyOf(exemptCategories);
    this.requiredCategories = Set.copyOf(requiredCategories);
    this.countExempt = countExempt;
    this.overflowAction = overflowAction;
    this.maxDelay = maxDelay;
    this.maxDelayMillis = maxDelay.toMillis();
    this.optOuts = List.copyOf(optOuts);
    this.snoozeUntil = snoozeUntil;
    this.snoozeUntilMillis = snoozeUntil == null ? NOT_SNOOZED : snoozeUntil.toEpochMilli();
    Duration longest = Duration.ZERO;
    for (Cap cap : this.caps) {
      if (cap.horizon().compareTo(longest) > 0) {
        longest = cap.horizon();
      }
    }
    this.longestWindow = longest;
  }

  public List<Cap> caps() {
    return caps;
  }

  public List<QuietPeriod> quietHours() {
    return quietHours;
  }

  /**
   * The send windows of every layer (and of the included presets); a message in scope of any may
   * only go out inside one of those in scope.
   */
  public List<SendWindow> sendWindows() {
    return sendWindows;
  }

  /**
   * The send windows grouped by the layer or preset they come from ({@code default}, {@code
   * tenant:acme}, {@code preset:us-tcpa}, {@code customer}), in layer order. Within a group a
   * message may go out inside any window in its scope; every group with a window in scope must
   * allow it, so no layer can widen another's hours (a customer's evening window does not lift a
   * legal preset, and a tenant cannot widen the customer's).
   */
  public List<List<SendWindow>> sendWindowGroups() {
    return sendWindowGroups;
  }

  /** Consecutive windows with the same id prefix (up to the last '/') form one group. */
  private static List<List<SendWindow>> groupByLayer(List<SendWindow> windows) {
    List<List<SendWindow>> groups = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= windows.size(); i++) {
      if (i == windows.size() || !layerOf(windows.get(i)).equals(layerOf(windows.get(from)))) {
        groups.add(List.copyOf(windows.subList(from, i)));
        from = i;
      }
    }
    return List.copyOf(groups);
  }

  private static String layerOf(SendWindow window) {
    int slash = window.id() == null ? -1 : window.id().lastIndexOf('/');
    return slash < 0 ? "" : window.id().substring(0, slash);
  }

  public ZoneId zone() {
    return zone;
  }

  public ZoneRules zoneRules() {
    return zone.getRules();
  }

  public Set<String> exemptCategories() {
    return exemptCategories;
  }

  public Set<String> requiredCategories() {
    return requiredCategories;
  }

  public boolean isExempt(String category) {
    return category != null && exemptCategories.contains(category);
  }

  public boolean isRequired(String category) {
    return category != null && requiredCategories.contains(category);
  }

  public boolean countExempt() {
    return countExempt;
  }

  public Overflow overflowAction() {
    return overflowAction;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  public long maxDelayMillis() {
    return maxDelayMillis;
  }

  public List<OptOutRule> optOuts() {
    return optOuts;
  }

  /**
   * The first opt-out that refuses this channel and category, or {@code null}; always {@code null}
   * for a required category, which cannot be opted out of. The decider and the budget both ask
   * here, so they cannot disagree on what an opt-out covers.
   */
  public OptOutRule optOutCovering(String channel, String category) {
    if (isRequired(category)) {
      return null;
    }
    for (int i = 0; i < optOuts.size(); i++) {
      OptOutRule optOut = optOuts.get(i);
      if (optOut.matches(channel, category)) {
        return optOut;
      }
    }
    return null;
  }

  /** {@code null} when not snoozed. */
  public Instant snoozeUntil() {
    return snoozeUntil;
  }

  /** {@link #NOT_SNOOZED} when not snoozed. */
  public long snoozeUntilMillis() {
    return snoozeUntilMillis;
  }

  /**
   * The longest cap window or calendar {@link Period#horizon()} ({@link Duration#ZERO} without
   * caps): contacts older than {@code now - longestWindow()} can no longer affect any decision at
   * or after {@code now}, so the ledger may prune them.
   */
  public Duration longestWindow() {
    return longestWindow;
  }

  @Override
  public String toString() {
    return "EffectiveRules[caps="
        + caps
        + ", quietHours="
        + quietHours
        + ", sendWindows="
        + sendWindows
        + ", zone="
        + zone
        + ", exempt="
        + exemptCategories
        + ", required="
        + requiredCategories
        + ", countExempt="
        + countExempt
        + ", overflow="
        + overflowAction
        + ", maxDelay="
        + maxDelay
        + ", optOuts="
        + optOuts
        + ", snoozeUntil="
        + snoozeUntil
        + "]";
  }
}
