package dev.fatigueguard.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Messages within {@code scope} may only go out while the customer's local time is in [start, end):
 * the complement of {@link QuietPeriod}, with the same format. A message in scope of several
 * windows may go out inside any one of them; a message in scope of none is not limited by windows.
 *
 * <p>If {@code start} is after {@code end} the window crosses midnight. {@code days} empty means
 * every day; otherwise it lists the days on which a window OPENS, so 22:00-02:00 with FRIDAY is
 * open from Friday 22:00 to Saturday 02:00. {@code start == end} is invalid (it would be ambiguous
 * between "never" and "always"). Local times map to instants as for quiet hours: a time in a DST
 * gap means the first instant after the gap, a time that occurs twice its earlier occurrence.
 */
public record SendWindow(
    String id, LocalTime start, LocalTime end, Set<DayOfWeek> days, Scope scope) {

  public SendWindow {
    days = days == null ? Set.of() : Set.copyOf(days);
    scope = scope == null ? Scope.ALL : scope;
  }

  public SendWindow(String id, LocalTime start, LocalTime end) {
    this(id, start, end, Set.of(), Scope.ALL);
  }

  public boolean crossesMidnight() {
    return start.isAfter(end);
  }

  public boolean opensOn(DayOfWeek day) {
    return days.isEmpty() || days.contains(day);
  }

  /** The same rule under another id; used to qualify ids by layer or preset. */
  public SendWindow withId(String newId) {
    return new SendWindow(newId, start, end, days, scope);
  }

  /**
   * "09:00–18:00 Mon–Fri", "10:00–13:00 Mon, Wed", "08:00–21:00": the hours and opening days as
   * people write them, for decisions and explanations.
   */
  public String hours() {
    return start + "\u2013" + end + (days.isEmpty() ? "" : " " + dayList(days));
  }

  /** Runs of consecutive days (Monday first) as "Mon–Fri", single days as "Sat". */
  static String dayList(Set<DayOfWeek> days) {
    List<String> parts = new ArrayList<>();
    DayOfWeek[] all = DayOfWeek.values();
    int i = 0;
    while (i < all.length) {
      if (!days.contains(all[i])) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < all.length && days.contains(all[j + 1])) {
        j++;
      }
      String first = all[i].getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      String last = all[j].getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      parts.add(i == j ? first : j == i + 1 ? first + ", " + last : first + "\u2013" + last);
      i = j + 1;
    }
    return String.join(", ", parts);
  }
}
