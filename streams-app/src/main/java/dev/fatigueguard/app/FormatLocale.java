package dev.fatigueguard.app;

import java.util.Locale;

/**
 * Kafka Streams (4.2 and later) builds a task-readiness message with {@code String.format} for
 * every record while one of the task's input partitions is empty, whether or not TRACE logging is
 * on. The guard's tasks nearly always have one: the preferences topic and the repartition topic are
 * quiet. On JDK 17, formatting a number looks up {@code DecimalFormatSymbols} afresh for every
 * default format locale except {@link Locale#US}; with the bare {@code en} locale that a {@code
 * C.UTF-8} or POSIX environment gives the JVM, that is a lookup on the stream thread for every
 * record.
 *
 * <p>{@code en} and {@code en-US} format numbers and dates identically (CLDR's {@code en} is US
 * English), so switching the one for the other changes no output and skips the lookup. Every other
 * default locale, including one set with {@code -Duser.country}, is left as it is.
 */
final class FormatLocale {

  private FormatLocale() {}

  /**
   * @return whether the default format locale was switched
   */
  static boolean preferUsOverBareEnglish() {
    if (Locale.getDefault(Locale.Category.FORMAT).equals(Locale.ENGLISH)) {
      Locale.setDefault(Locale.Category.FORMAT, Locale.US);
      return true;
    }
    return false;
  }
}
