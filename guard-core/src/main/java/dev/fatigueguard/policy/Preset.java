package dev.fatigueguard.policy;

import java.util.List;

/**
 * A named set of rules a policy can {@code include}, such as the legal calling hours of a country.
 * Its rules apply as if the including policy had written them, under ids {@code
 * preset:<name>/<rule>} (see {@link Presets}).
 *
 * @param name what a policy writes in {@code include}
 * @param title one line saying what the preset enforces
 * @param source the legal text it implements, as people cite it
 * @param caps its caps, with unqualified ids
 * @param sendWindows its send windows, with unqualified ids
 */
public record Preset(
    String name, String title, String source, List<Cap> caps, List<SendWindow> sendWindows) {

  public Preset {
    caps = List.copyOf(caps);
    sendWindows = List.copyOf(sendWindows);
  }

  /** The id prefix of this preset's rules: {@code preset:us-tcpa/}. */
  public String layer() {
    return Presets.LAYER + name + "/";
  }
}
