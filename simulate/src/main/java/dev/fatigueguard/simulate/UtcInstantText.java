package dev.fatigueguard.simulate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * ISO-8601 UTC instants as text, with a fast path for the one shape histories and decision logs
 * use: {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}. A million-message replay reads two and writes up to four
 * instants per message, and {@link Instant#parse} / {@link Instant#toString} went through {@code
 * DateTimeFormatter}, a tenth of a replay's time. Anything else (offsets, nanoseconds, years
 * outside 0000–9999) takes the JDK's path, so results are always what the JDK gives.
 */
final class UtcInstantText {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private UtcInstantText() {}

  /** The same text as {@link Instant#toString()} for a millisecond instant. */
  static String format(Instant instant) {
    if (instant.getNano() % 1_000_000 != 0) {
      return instant.toString();
    }
    long millis = instant.toEpochMilli();
    long day = Math.floorDiv(millis, MILLIS_PER_DAY);
    int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return instant.toString();
    }
    char[] out = new char[ofDay % 1000 == 0 ? 20 : 24];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, ofDay / 3_600_000, 2);
    out[13] = ':';
    digits(out, 14, ofDay / 60_000 % 60, 2);
    out[16] = ':';
    digits(out, 17, ofDay / 1000 % 60, 2);
    if (out.length == 24) {
      out[19] = '.';
      digits(out, 20, ofDay % 1000, 3);
    }
    out[out.length - 1] = 'Z';
    return new String(out);
  }

  /**
   * The same instant as {@link Instant#parse}, which also decides (and reports) what is rejected.
   */
  static Instant parse(CharSequence text) {
    int length = text.length();
    if ((length == 20 || length == 24)
        && text.charAt(length - 1) == 'Z'
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && (length == 20 || text.charAt(19) == '.')) {
      int year = number(text, 0, 4);
      int month = number(text, 5, 2);
      int day = number(text, 8, 2);
      int hour = number(text, 11, 2);
      int minute = number(text, 14, 2);
      int second = number(text, 17, 2);
      int milli = length == 24 ? number(text, 20, 3) : 0;
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && (day <= 28 || day <= Month.of(month).length(Year.isLeap(year)))
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 59
          && milli >= 0) {
        // A leap second (:60) or an impossible date takes the JDK's path, which decides about it.
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochMilli(
            epochDay * MILLIS_PER_DAY
                + hour * 3_600_000L
                + minute * 60_000L
                + second * 1000L
                + milli);
      }
    }
    return Instant.parse(text);
  }

  /** The decimal number in {@code text[from, from + count)}, or -1 if any of it is not a digit. */
  private static int number(CharSequence text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void digits(char[] out, int at, int value, int count) {
    for (int i = at + count - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
