package dev.fatigueguard.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges the three layers that govern a message: the platform {@code default} policy, the tenant's
 * policy and the customer's own preferences.
 *
 * <ul>
 *   <li>Caps, quiet hours and send windows: ALL rules of ALL layers apply, so the strictest wins. A
 *       customer can tighten any limit; no layer can loosen another's. Ids are qualified by layer:
 *       {@code default/<id>}, {@code tenant:<tenant>/<id>}, {@code customer/<id>}. A policy's
 *       included {@link Presets} add their rules after the policy's own, as {@code
 *       preset:<name>/<id>}; a preset included by both the default and the tenant policy applies
 *       once.
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
    List<SendWindow> sendWindows = new ArrayList<>();
    List<String> presets = new ArrayList<>();

    addLayer(
        DEFAULT_LAYER,
        base.caps(),
        base.quietHours(),
        base.sendWindows(),
        caps,
        quietHours,
        sendWindows);
    addPresets(base.include(), presets, caps, sendWindows);
    if (tenant != null) {
      addLayer(
          TENANT_LAYER + tenant.tenant() + "/",
          tenant.caps(),
          tenant.quietHours(),
          tenant.sendWindows(),
          caps,
          quietHours,
          sendWindows);
      addPresets(tenant.include(), presets, caps, sendWindows);
    }
    if (customer != null) {
      addLayer(
          CUSTOMER_LAYER,
          customer.caps(),
          customer.quietHours(),
          customer.sendWindows(),
          caps,
          quietHours,
          sendWindows);
    }

    Policy platform = settings(base, tenant);
    Overflow overflow =
        customer != null && customer.overflowAction() != null
            ? customer.overflowAction()
            : platform.overflowAction();
    return new EffectiveRules(
        caps,
        quietHours,
        sendWindows,
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
      List<SendWindow> layerWindows,
      List<Cap> caps,
      List<QuietPeriod> quietHours,
      List<SendWindow> sendWindows) {
    for (Cap cap : layerCaps) {
      caps.add(cap.withId(prefix + cap.id()));
    }
    for (QuietPeriod quiet : layerQuiet) {
      quietHours.add(quiet.withId(prefix + quiet.id()));
    }
    for (SendWindow window : layerWindows) {
      sendWindows.add(window.withId(prefix + window.id()));
    }
  }

  /** Unknown names are skipped: validation rejects them before a policy gets here. */
  private static void addPresets(
      List<String> include, List<String> added, List<Cap> caps, List<SendWindow> sendWindows) {
    for (String name : include) {
      Preset preset = Presets.find(name);
      if (preset == null || added.contains(name)) {
        continue;
      }
      added.add(name);
      for (Cap cap : preset.caps()) {
        caps.add(cap.withId(preset.layer() + cap.id()));
      }
      for (SendWindow window : preset.sendWindows()) {
        sendWindows.add(window.withId(preset.layer() + window.id()));
      }
    }
  }
}
