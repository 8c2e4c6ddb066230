package dev.fatigueguard.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges the three layers that govern a message: the platform {@code default} policy, the tenant's
 * policy and the customer's own preferences.
 *
 * <ul>
 *   <li>Caps and quiet hours: ALL rules of ALL layers apply, so the strictest wins. A customer can
 *       tighten any limit; no layer can loosen another's. Ids are qualified by layer: {@code
 *       default/<id>}, {@code tenant:<tenant>/<id>}, {@code customer/<id>}.
 *   <li>Every setting a tenant policy leaves out is inherited from the {@code default} policy, and
 *       whatever that leaves out takes the format's default (see {@link Policy}).
 *   <li>Zone and overflow action: the customer's, else the (inherited) tenant setting.
 *   <li>Exempt and required categories, countExempt, maxDelay: the (inherited) tenant setting
 *       (platform settings, not the customer's to choose).
 *   <li>Opt-outs and snooze: the customer's.
 * </ul>
 */
public final class Layering {

  static final String DEFAULT_LAYER = "default/";
  static final String TENANT_LAYER = "tenant:";
  static final String CUSTOMER_LAYER = "customer/";

  private Layering() {}

  /**
   * @param platformDefault the {@code default} tenant's policy; {@code null} means {@link
   *     Policy#builtInDefault()}
   * @param tenantPolicyOrNull the message's tenant policy, or {@code null} if the message has no
   *     tenant or the tenant has no policy; ignored if it is the default itself
   * @param preferencesOrNull the customer's preferences, or {@code null} if they set none
   */
  public static EffectiveRules resolve(
      Policy platformDefault, Policy tenantPolicyOrNull, CustomerPreferences preferencesOrNull) {
    Policy base = platformDefault == null ? Policy.builtInDefault() : platformDefault;
    Policy tenant =
        tenantPolicyOrNull == null
                || tenantPolicyOrNull == base
                || tenantPolicyOrNull.isPlatformDefault()
            ? null
            : tenantPolicyOrNull;
    CustomerPreferences customer = preferencesOrNull;

    int capCount =
        base.caps().size()
            + (tenant == null ? 0 : tenant.caps().size())
            + (customer == null ? 0 : customer.caps().size());
    List<Cap> caps = new ArrayList<>(capCount);
    int quietCount =
        base.quietHours().size()
            + (tenant == null ? 0 : tenant.quietHours().size())
            + (customer == null ? 0 : customer.quietHours().size());
    List<QuietPeriod> quietHours = new ArrayList<>(quietCount);

    addLayer(DEFAULT_LAYER, base.caps(), base.quietHours(), caps, quietHours);
    if (tenant != null) {
      addLayer(
          TENANT_LAYER + tenant.tenant() + "/",
          tenant.caps(),
          tenant.quietHours(),
          caps,
          quietHours);
    }
    if (customer != null) {
      addLayer(CUSTOMER_LAYER, customer.caps(), customer.quietHours(), caps, quietHours);
    }

    Policy platform = settings(base, tenant);
    Overflow overflow =
        customer != null && customer.overflowAction() != null
            ? customer.overflowAction()
            : platform.overflowAction();
    return new EffectiveRules(
        caps,
        quietHours,
        customer != null && customer.zone() != null ? customer.zone() : platform.defaultZone(),
        platform.exemptCategories(),
        platform.requiredCategories(),
        platform.countExempt(),
        overflow,
        platform.maxDelay(),
        customer == null ? List.of() : customer.optOuts(),
        customer == null ? null : customer.snoozeUntil());
  }

  /**
   * The policy settings that govern a message: the tenant's, each one it leaves out from the {@code
   * default} policy, each one that leaves out at the format's default. Nothing is left out after.
   *
   * @param tenantOrNull {@code null} when only the default policy applies
   */
  public static Policy settings(Policy platformDefault, Policy tenantOrNull) {
    Policy base = platformDefault == null ? Policy.builtInDefault() : platformDefault;
    return (tenantOrNull == null ? base : tenantOrNull.inheritingFrom(base)).withFormatDefaults();
  }

  private static void addLayer(
      String prefix,
      List<Cap> layerCaps,
      List<QuietPeriod> layerQuiet,
      List<Cap> caps,
      List<QuietPeriod> quietHours) {
    for (Cap cap : layerCaps) {
      caps.add(cap.withId(prefix + cap.id()));
    }
    for (QuietPeriod quiet : layerQuiet) {
      quietHours.add(quiet.withId(prefix + quiet.id()));
    }
  }
}
