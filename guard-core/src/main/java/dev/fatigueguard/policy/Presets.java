package dev.fatigueguard.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The regulatory presets a policy can {@code include}. They are kept by name on the topic and
 * expanded by the guard that runs, so a corrected preset reaches every policy that includes it with
 * the next release.
 *
 * <p>Each preset is written as ordinary rules in the customer's effective zone (the law speaks of
 * the called party's local time). Presets cover all non-exempt categories on their channels, which
 * is stricter than laws that govern only solicitation; exempt categories bypass them as they bypass
 * every rule. Public holidays are not modelled: the guard has no holiday calendar.
 */
public final class Presets {

  /** The id prefix of preset rules: {@code preset:us-tcpa/calling-hours}. */
  public static final String LAYER = "preset:";

  private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  private static final Map<String, Preset> ALL = new TreeMap<>();

  static {
    add(
        new Preset(
            "us-tcpa",
            "US TCPA: no telephone solicitation before 8 a.m. or after 9 p.m. at the called"
                + " party's location (calls and texts)",
            "47 CFR § 64.1200(c)(1)",
            List.of(),
            List.of(
                new SendWindow(
                    "calling-hours",
                    LocalTime.of(8, 0),
                    LocalTime.of(21, 0),
                    Set.of(),
                    new Scope(Set.of("SMS", "VOICE"), Set.of(), Set.of())))));
    Scope voice = new Scope(Set.of("VOICE"), Set.of(), Set.of());
    add(
        new Preset(
            "fr-telemarketing",
            "France: telephone prospecting only Monday to Friday, 10:00-13:00 and 14:00-20:00 in"
                + " the consumer's time zone, at most 4 times in 30 calendar days",
            "Code de la consommation, art. D. 223-9 (Décret n° 2022-1313 du 13 octobre 2022)",
            List.of(
                new Cap(
                    "four-per-30-days",
                    4,
                    Duration.ofDays(30),
                    new Scope(Set.of("VOICE"), Set.of("MARKETING", "PROMOTIONAL"), Set.of()))),
            List.of(
                new SendWindow(
                    "morning", LocalTime.of(10, 0), LocalTime.of(13, 0), WEEKDAYS, voice),
                new SendWindow(
                    "afternoon", LocalTime.of(14, 0), LocalTime.of(20, 0), WEEKDAYS, voice))));
  }

  private Presets() {}

  private static void add(Preset preset) {
    ALL.put(preset.name(), preset);
  }

  /** The preset of that name, or {@code null}. */
  public static Preset find(String name) {
    return name == null ? null : ALL.get(name);
  }

  /** Every preset, by name. */
  public static List<Preset> all() {
    return List.copyOf(ALL.values());
  }

  /** The known names, sorted. */
  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }
}
