package dev.fatigueguard.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A platform-set policy for one tenant; tenant {@value #DEFAULT_TENANT} is the platform fallback
 * that applies to every message.
 *
 * <p>A {@code null} setting was left out of the document. A tenant policy inherits it from the
 * {@code default} policy, and whatever the {@code default} policy leaves out takes the format's
 * default: zone UTC, exempt {TRANSACTIONAL, SECURITY}, required {SECURITY}, countExempt false,
 * overflow DELAY, maxDelay P3D ({@link Layering} applies both steps). An explicitly empty set stays
 * empty ("nothing is exempt").
 *
 * <p>{@code sendWindows} and the rules of the {@code include}d {@link Presets} are rules like caps
 * and quiet hours: they add to the other layers' rules and are never inherited.
 */
public record Policy(
    String tenant,
    List<Cap> caps,
    List<QuietPeriod> quietHours,
    ZoneId defaultZone,
    Set<String> exemptCategories,
    Set<String> requiredCategories,
    Boolean countExempt,
    Overflow overflowAction,
    Duration maxDelay,
    List<SendWindow> sendWindows,
    List<String> include) {

  public static final String DEFAULT_TENANT = "default";
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
  public static final Set<String> DEFAULT_EXEMPT_CATEGORIES = Set.of("TRANSACTIONAL", "SECURITY");
  public static final Set<String> DEFAULT_REQUIRED_CATEGORIES = Set.of("SECURITY");
  public static final boolean DEFAULT_COUNT_EXEMPT = false;
  public static final Overflow DEFAULT_OVERFLOW_ACTION = Overflow.DELAY;
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofDays(3);

  /** The settings a policy may leave out, by their JSON names, in document order. */
  public static final List<String> INHERITABLE_SETTINGS =
      List.of(
          "defaultZone",
          "overflowAction",
          "maxDelay",
          "exemptCategories",
          "requiredCategories",
          "countExempt");

  public Policy {
    caps = caps == null ? List.of() : List.copyOf(caps);
    quietHours = quietHours == null ? List.of() : List.copyOf(quietHours);
    sendWindows = sendWindows == null ? List.of() : List.copyOf(sendWindows);
    include = include == null ? List.of() : List.copyOf(include);
    exemptCategories = exemptCategories == null ? null : Set.copyOf(exemptCategories);
    requiredCategories = requiredCategories == null ? null : Set.copyOf(requiredCategories);
  }

  /** A policy without send windows or presets. */
  public Policy(
      String tenant,
      List<Cap> caps,
      List<QuietPeriod> quietHours,
      ZoneId defaultZone,
      Set<String> exemptCategories,
      Set<String> requiredCategories,
      Boolean countExempt,
      Overflow overflowAction,
      Duration maxDelay) {
    this(
        tenant,
        caps,
        quietHours,
        defaultZone,
        exemptCategories,
        requiredCategories,
        countExempt,
        overflowAction,
        maxDelay,
        List.of(),
        List.of());
  }

  /** A policy with no caps and no quiet hours that sets nothing, so it inherits everything. */
  public static Policy withDefaults(String tenant) {
    return new Policy(tenant, List.of(), List.of(), null, null, null, null, null, null);
  }

  /** What applies when no {@value #DEFAULT_TENANT} policy has been published yet: no limits. */
  public static Policy builtInDefault() {
    return withDefaults(DEFAULT_TENANT);
  }

  public boolean isPlatformDefault() {
    return DEFAULT_TENANT.equals(tenant);
  }

  /**
   * The JSON names of the settings this policy leaves out, in {@link #INHERITABLE_SETTINGS} order.
   */
  public List<String> leftOut() {
    List<String> out = new ArrayList<>(INHERITABLE_SETTINGS.size());
    Object[] values = {
      defaultZone, overflowAction, maxDelay, exemptCategories, requiredCategories, countExempt
    };
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        out.add(INHERITABLE_SETTINGS.get(i));
      }
    }
    return out;
  }

  /**
   * Every setting this policy leaves out taken from {@code parent} (which may leave it out too).
   */
  public Policy inheritingFrom(Policy parent) {
    return new Policy(
        tenant,
        caps,
        quietHours,
        defaultZone != null ? defaultZone : parent.defaultZone,
        exemptCategories != null ? exemptCategories : parent.exemptCategories,
        requiredCategories != null ? requiredCategories : parent.requiredCategories,
        countExempt != null ? countExempt : parent.countExempt,
        overflowAction != null ? overflowAction : parent.overflowAction,
        maxDelay != null ? maxDelay : parent.maxDelay,
        sendWindows,
        include);
  }

  /** Every setting this policy leaves out at the format's default; nothing is left out after. */
  public Policy withFormatDefaults() {
    return inheritingFrom(
        new Policy(
            tenant,
            caps,
            quietHours,
            DEFAULT_ZONE,
            DEFAULT_EXEMPT_CATEGORIES,
            DEFAULT_REQUIRED_CATEGORIES,
            DEFAULT_COUNT_EXEMPT,
            DEFAULT_OVERFLOW_ACTION,
            DEFAULT_MAX_DELAY));
  }
}
