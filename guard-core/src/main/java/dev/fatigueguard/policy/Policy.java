package dev.fatigueguard.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A platform-set policy for one tenant; tenant {@value #DEFAULT_TENANT} is the platform fallback
 * that applies to every message.
 *
 * <p>{@code null} components take the documented defaults (the same defaults the JSON format
 * applies to absent fields): zone UTC, exempt {TRANSACTIONAL, SECURITY}, required {SECURITY},
 * overflow DELAY, maxDelay P3D. An explicitly empty set stays empty ("nothing is exempt").
 */
public record Policy(
    String tenant,
    List<Cap> caps,
    List<QuietPeriod> quietHours,
    ZoneId defaultZone,
    Set<String> exemptCategories,
    Set<String> requiredCategories,
    boolean countExempt,
    Overflow overflowAction,
    Duration maxDelay) {

  public static final String DEFAULT_TENANT = "default";
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
  public static final Set<String> DEFAULT_EXEMPT_CATEGORIES = Set.of("TRANSACTIONAL", "SECURITY");
  public static final Set<String> DEFAULT_REQUIRED_CATEGORIES = Set.of("SECURITY");
  public static final Overflow DEFAULT_OVERFLOW_ACTION = Overflow.DELAY;
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofDays(3);

  public Policy {
    caps = caps == null ? List.of() : List.copyOf(caps);
    quietHours = quietHours == null ? List.of() : List.copyOf(quietHours);
    defaultZone = defaultZone == null ? DEFAULT_ZONE : defaultZone;
    exemptCategories =
        exemptCategories == null ? DEFAULT_EXEMPT_CATEGORIES : Set.copyOf(exemptCategories);
    requiredCategories =
        requiredCategories == null ? DEFAULT_REQUIRED_CATEGORIES : Set.copyOf(requiredCategories);
    overflowAction = overflowAction == null ? DEFAULT_OVERFLOW_ACTION : overflowAction;
    maxDelay = maxDelay == null ? DEFAULT_MAX_DELAY : maxDelay;
  }

  /** A policy with no caps and no quiet hours, every other setting at its default. */
  public static Policy withDefaults(String tenant) {
    return new Policy(tenant, List.of(), List.of(), null, null, null, false, null, null);
  }

  /** What applies when no {@value #DEFAULT_TENANT} policy has been published yet: no limits. */
  public static Policy builtInDefault() {
    return withDefaults(DEFAULT_TENANT);
  }

  public boolean isPlatformDefault() {
    return DEFAULT_TENANT.equals(tenant);
  }
}
