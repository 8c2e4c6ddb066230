package dev.fatigueguard.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Says everything that is wrong with a policy or a customer's preferences, with the JSON path of
 * each problem. The decider assumes valid rules, so every document is validated once on the way in
 * (the JSON reader does it) instead of on every message.
 *
 * <p>Rules checked: ids present and unique across the caps, quiet hours and send windows of one
 * document (they name the rule in every decision); each cap with either a window within PT1M..P90D
 * or a calendar period, and max &gt;= 0; quiet hours and send windows with start and end present
 * and different; maxDelay within PT1M..P90D; scope names not blank; every required category also
 * exempt (see {@link #validate(Policy)}); every included preset known. Channel names are checked
 * against the topics' schema where the document is turned into a record.
 *
 * <p>Deliberately NOT a problem: a customer opting out of a required category. Preference centres
 * do not know each tenant's policy, so such an opt-out is stored and simply ignored for messages of
 * a required category.
 */
public final class PolicyValidation {

  private static final Duration SHORTEST_MAX_DELAY = Duration.ofMinutes(1);
  private static final Duration LONGEST_MAX_DELAY = Duration.ofDays(90);

  private PolicyValidation() {}

  /**
   * Besides the rule checks, requires {@code requiredCategories ⊆ exemptCategories}: a category the
   * customer cannot refuse (a security alert) must not then be capped, held or dropped by a
   * marketing cap or quiet hours; a policy that says both is contradictory.
   */
  public static List<Violation> validate(Policy policy) {
    List<Violation> out = new ArrayList<>();
    if (isBlank(policy.tenant())) {
      out.add(new Violation("tenant", "is required"));
    }
    checkRules(policy.caps(), policy.quietHours(), policy.sendWindows(), out);
    for (int i = 0; i < policy.include().size(); i++) {
      String name = policy.include().get(i);
      if (Presets.find(name) == null) {
        out.add(
            new Violation(
                "include[" + i + "]",
                "unknown preset '"
                    + name
                    + "'; known presets: "
                    + String.join(", ", Presets.names())));
      }
    }
    if (policy.maxDelay() != null) {
      checkDuration("maxDelay", policy.maxDelay(), SHORTEST_MAX_DELAY, LONGEST_MAX_DELAY, out);
    }
    // Checked with the format's defaults for what is left out: what the tenant inherits from the
    // default policy is only known once both are published.
    Policy filled = policy.withFormatDefaults();
    checkNames("exemptCategories", filled.exemptCategories(), out);
    checkNames("requiredCategories", filled.requiredCategories(), out);
    for (String required : new TreeSet<>(filled.requiredCategories())) {
      if (required != null && !filled.exemptCategories().contains(required)) {
        out.add(
            new Violation(
                "requiredCategories",
                required
                    + " is required but not exempt: a message the customer cannot refuse"
                    + " could still be capped, held or dropped; add it to exemptCategories"));
      }
    }
    return out;
  }

  public static List<Violation> validate(CustomerPreferences preferences) {
    List<Violation> out = new ArrayList<>();
    if (isBlank(preferences.customerId())) {
      out.add(new Violation("customerId", "is required"));
    }
    checkRules(preferences.caps(), preferences.quietHours(), preferences.sendWindows(), out);
    for (int i = 0; i < preferences.optOuts().size(); i++) {
      OptOutRule optOut = preferences.optOuts().get(i);
      String path = "optOuts[" + i + "]";
      if (optOut == null) {
        out.add(new Violation(path, "must not be null"));
        continue;
      }
      if (optOut.channel() != null && optOut.channel().isBlank()) {
        out.add(
            new Violation(
                path + ".channel", "must not be blank (leave it out to mean any channel)"));
      }
      if (optOut.category() != null && optOut.category().isBlank()) {
        out.add(
            new Violation(
                path + ".category", "must not be blank (leave it out to mean any category)"));
      }
    }
    return out;
  }

  public static Policy requireValid(Policy policy) {
    List<Violation> violations = validate(policy);
    if (!violations.isEmpty()) {
      throw new InvalidPolicyException("policy", violations);
    }
    return policy;
  }

  public static CustomerPreferences requireValid(CustomerPreferences preferences) {
    List<Violation> violations = validate(preferences);
    if (!violations.isEmpty()) {
      throw new InvalidPolicyException("preferences", violations);
    }
    return preferences;
  }

  private static void checkRules(
      List<Cap> caps,
      List<QuietPeriod> quietHours,
      List<SendWindow> sendWindows,
      List<Violation> out) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < caps.size(); i++) {
      Cap cap = caps.get(i);
      String path = "caps[" + i + "]";
      if (cap == null) {
        out.add(new Violation(path, "must not be null"));
        continue;
      }
      checkId(path, cap.id(), ids, out);
      if (cap.max() < 0) {
        out.add(new Violation(path + ".max", "must be >= 0, was " + cap.max()));
      }
      if (cap.period() != null && cap.window() != null) {
        out.add(
            new Violation(
                path + ".period", "give either window (rolling) or period (calendar), not both"));
      } else if (cap.period() == null && cap.window() == null) {
        out.add(
            new Violation(
                path + ".window",
                "is required (a rolling window such as P1D, or a calendar period: DAY, WEEK or"
                    + " MONTH)"));
      } else if (cap.period() == null) {
        checkDuration(path + ".window", cap.window(), Cap.SHORTEST_WINDOW, Cap.LONGEST_WINDOW, out);
      }
      checkScope(path, cap.scope(), out);
    }
    for (int i = 0; i < quietHours.size(); i++) {
      QuietPeriod quiet = quietHours.get(i);
      String path = "quietHours[" + i + "]";
      if (quiet == null) {
        out.add(new Violation(path, "must not be null"));
        continue;
      }
      checkId(path, quiet.id(), ids, out);
      if (quiet.start() == null) {
        out.add(new Violation(path + ".start", "is required"));
      }
      if (quiet.end() == null) {
        out.add(new Violation(path + ".end", "is required"));
      }
      if (quiet.start() != null && quiet.start().equals(quiet.end())) {
        out.add(
            new Violation(
                path + ".end",
                "must differ from start ("
                    + quiet.start()
                    + "); quiet hours of zero or 24 h are ambiguous"));
      }
      checkScope(path, quiet.scope(), out);
    }
    for (int i = 0; i < sendWindows.size(); i++) {
      SendWindow window = sendWindows.get(i);
      String path = "sendWindows[" + i + "]";
      if (window == null) {
        out.add(new Violation(path, "must not be null"));
        continue;
      }
      checkId(path, window.id(), ids, out);
      if (window.start() == null) {
        out.add(new Violation(path + ".start", "is required"));
      }
      if (window.end() == null) {
        out.add(new Violation(path + ".end", "is required"));
      }
      if (window.start() != null && window.start().equals(window.end())) {
        out.add(
            new Violation(
                path + ".end",
                "must differ from start ("
                    + window.start()
                    + "); a send window of zero or 24 h is ambiguous"));
      }
      checkScope(path, window.scope(), out);
    }
  }

  private static void checkId(String path, String id, Set<String> seen, List<Violation> out) {
    if (isBlank(id)) {
      out.add(new Violation(path + ".id", "is required"));
    } else if (id.contains("/")) {
      out.add(new Violation(path + ".id", "must not contain '/', was '" + id + "'"));
    } else if (!seen.add(id)) {
      out.add(
          new Violation(
              path + ".id",
              "duplicate rule id '"
                  + id
                  + "' (ids must be unique across caps, quietHours and sendWindows)"));
    }
  }

  private static void checkDuration(
      String path, Duration value, Duration min, Duration max, List<Violation> out) {
    if (value == null) {
      out.add(new Violation(path, "is required"));
    } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      out.add(
          new Violation(
              path,
              "must be between "
                  + DurationText.format(min)
                  + " and "
                  + DurationText.format(max)
                  + ", was "
                  + DurationText.format(value)));
    }
  }

  private static void checkScope(String path, Scope scope, List<Violation> out) {
    checkNames(path + ".channels", scope.channels(), out);
    checkNames(path + ".categories", scope.categories(), out);
    checkNames(path + ".tags", scope.tags(), out);
    checkNames(path + ".campaigns", scope.campaigns(), out);
  }

  private static void checkNames(String path, Set<String> names, List<Violation> out) {
    for (String name : names) {
      if (isBlank(name)) {
        out.add(new Violation(path, "must not contain blank names"));
        return;
      }
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
