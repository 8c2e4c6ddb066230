package dev.fatigueguard.policy;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The effective rules for one tenant (and optionally one customer), each with the layer it came
 * from: {@code default}, {@code tenant:<id>}, {@code customer}, or {@code format default} for a
 * setting nobody set. A rule of an included preset is shown expanded, as {@code preset <name> via
 * <layer>} (the layer that included it first). Built from {@link Layering}'s own result, so it
 * shows exactly what the guard applies.
 */
public final class Explanation {

  /** The layer of a setting that no policy sets. */
  public static final String FORMAT_DEFAULT = "format default";

  private Explanation() {}

  /**
   * @param tenantOrNull the tenant's policy, or {@code null} for messages without a tenant
   * @param preferencesOrNull one customer's preferences, or {@code null}
   * @return lines of text, one per setting and rule
   */
  public static List<String> explain(
      Policy platformDefault, Policy tenantOrNull, CustomerPreferences preferencesOrNull) {
    Policy base = platformDefault == null ? Policy.builtInDefault() : platformDefault;
    Policy tenant = tenantOrNull == null || tenantOrNull.isPlatformDefault() ? null : tenantOrNull;
    CustomerPreferences customer = preferencesOrNull;
    EffectiveRules rules = Layering.resolve(base, tenant, customer);
    String tenantLayer = tenant == null ? null : Layering.TENANT_LAYER + tenant.tenant();

    List<String> out = new ArrayList<>();
    out.add(
        "effective rules for "
            + (tenant == null ? "messages without a tenant" : "tenant '" + tenant.tenant() + "'")
            + (customer == null ? "" : ", customer '" + customer.customerId() + "'"));
    out.add(row("setting", "value", "from"));
    out.add(
        row(
            "zone",
            rules.zone().getId(),
            customer != null && customer.zone() != null
                ? "customer"
                : origin(
                    tenant == null ? null : tenant.defaultZone(),
                    base.defaultZone(),
                    tenantLayer)));
    out.add(
        row(
            "overflowAction",
            rules.overflowAction().name(),
            customer != null && customer.overflowAction() != null
                ? "customer"
                : origin(
                    tenant == null ? null : tenant.overflowAction(),
                    base.overflowAction(),
                    tenantLayer)));
    out.add(
        row(
            "maxDelay",
            DurationText.format(rules.maxDelay()),
            origin(tenant == null ? null : tenant.maxDelay(), base.maxDelay(), tenantLayer)));
    out.add(
        row(
            "exemptCategories",
            names(rules.exemptCategories()),
            origin(
                tenant == null ? null : tenant.exemptCategories(),
                base.exemptCategories(),
                tenantLayer)));
    out.add(
        row(
            "requiredCategories",
            names(rules.requiredCategories()),
            origin(
                tenant == null ? null : tenant.requiredCategories(),
                base.requiredCategories(),
                tenantLayer)));
    out.add(
        row(
            "countExempt",
            String.valueOf(rules.countExempt()),
            origin(tenant == null ? null : tenant.countExempt(), base.countExempt(), tenantLayer)));
    out.add(row("rule", "", "from"));
    for (Cap cap : rules.caps()) {
      out.add(row(cap.id(), describe(cap), origin(cap.id(), base, tenant, tenantLayer)));
    }
    for (QuietPeriod quiet : rules.quietHours()) {
      out.add(row(quiet.id(), describe(quiet), layerOf(quiet.id())));
    }
    for (SendWindow window : rules.sendWindows()) {
      out.add(row(window.id(), describe(window), origin(window.id(), base, tenant, tenantLayer)));
    }
    for (OptOutRule optOut : rules.optOuts()) {
      out.add(row(Layering.CUSTOMER_LAYER + optOut.describe(), "opt-out", "customer"));
    }
    if (rules.snoozeUntil() != null) {
      out.add(row("customer/snooze", "until " + rules.snoozeUntil(), "customer"));
    }
    return out;
  }

  private static String origin(Object tenantValue, Object defaultValue, String tenantLayer) {
    if (tenantValue != null) {
      return tenantLayer;
    }
    return defaultValue != null ? "default" : FORMAT_DEFAULT;
  }

  /** The layer of a rule, or for a preset's rule the preset and the layer that included it. */
  private static String origin(String qualifiedId, Policy base, Policy tenant, String tenantLayer) {
    String layer = layerOf(qualifiedId);
    if (!layer.startsWith(Presets.LAYER)) {
      return layer;
    }
    String preset = layer.substring(Presets.LAYER.length());
    String via =
        base.include().contains(preset)
            ? "default"
            : tenant != null && tenant.include().contains(preset) ? tenantLayer : "?";
    return "preset " + preset + " via " + via;
  }

  /** {@code tenant:acme/daily} → {@code tenant:acme}. */
  static String layerOf(String qualifiedId) {
    int slash = qualifiedId.indexOf('/');
    return slash < 0 ? qualifiedId : qualifiedId.substring(0, slash);
  }

  static String describe(Cap cap) {
    return "cap: at most "
        + cap.max()
        + (cap.isCalendar()
            ? " per local " + cap.period()
            : " in any " + DurationText.format(cap.window()))
        + (cap.perCampaign() ? " per campaign" : "")
        + describe(cap.scope());
  }

  static String describe(QuietPeriod quiet) {
    StringBuilder days = new StringBuilder();
    if (!quiet.days().isEmpty()) {
      days.append(" starting on");
      for (DayOfWeek day : DayOfWeek.values()) {
        if (quiet.days().contains(day)) {
          days.append(' ').append(day);
        }
      }
    }
    return "quiet hours: " + quiet.start() + "-" + quiet.end() + days + describe(quiet.scope());
  }

  static String describe(SendWindow window) {
    return "send window: " + window.hours() + describe(window.scope());
  }

  private static String describe(Scope scope) {
    StringBuilder out = new StringBuilder();
    if (!scope.channels().isEmpty()) {
      out.append("; channels ").append(names(scope.channels()));
    }
    if (!scope.categories().isEmpty()) {
      out.append("; categories ").append(names(scope.categories()));
    }
    if (!scope.tags().isEmpty()) {
      out.append("; tags ").append(names(scope.tags()));
    }
    if (!scope.campaigns().isEmpty()) {
      out.append("; campaigns ").append(names(scope.campaigns()));
    }
    return out.toString();
  }

  private static String names(Set<String> names) {
    return names.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(names));
  }

  private static String row(String name, String value, String from) {
    return String.format("  %-34s %-60s %s", name, value, from).stripTrailing();
  }
}
