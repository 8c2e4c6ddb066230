package dev.fatigueguard.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The ISO-8601 duration notation people write in policies: {@code P1D}, {@code P7D}, {@code PT16H},
 * {@code P1DT12H}, and also weeks ({@code P2W}), which {@link Duration#parse} rejects. Whole days
 * are written back as days ({@code P7D}, not {@link Duration#toString()}'s {@code PT168H}) so a
 * document read and written again still reads like what its author wrote.
 */
public final class DurationText {

  private static final long SECONDS_PER_DAY = 86_400;

  private DurationText() {}

  /**
   * @throws DateTimeParseException if the text is not an ISO-8601 duration
   */
  public static Duration parse(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    if (upper.length() > 2 && upper.startsWith("P") && upper.endsWith("W")) {
      String weeks = upper.substring(1, upper.length() - 1);
      try {
        return Duration.ofDays(Math.multiplyExact(Long.parseLong(weeks), 7));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new DateTimeParseException("Text cannot be parsed to a Duration", text, 0);
      }
    }
    return Duration.parse(upper);
  }

  /**
   * The text of the few windows policies use, kept: every decision event names the window of each
   * cap it counted. Bounded, so a stream of odd durations cannot grow it.
   */
  private static final int FORMATTED_KEPT = 512;

  private static final ConcurrentMap<Duration, String> FORMATTED = new ConcurrentHashMap<>();

  public static String format(Duration duration) {
    String text = FORMATTED.get(duration);
    if (text == null) {
      text = formatNew(duration);
      if (FORMATTED.size() < FORMATTED_KEPT) {
        FORMATTED.put(duration, text);
      }
    }
    return text;
  }

  private static String formatNew(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return duration.toString();
    }
    long seconds = duration.getSeconds();
    long days = seconds / SECONDS_PER_DAY;
    if (days == 0) {
      return duration.toString();
    }
    Duration rest = duration.minusDays(days);
    return rest.isZero() ? "P" + days + "D" : "P" + days + "D" + rest.toString().substring(1);
  }
}
