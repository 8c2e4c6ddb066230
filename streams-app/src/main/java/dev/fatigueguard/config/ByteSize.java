package dev.fatigueguard.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A memory size as written in the configuration: bytes, or a number with KiB, MiB or GiB. */
public final class ByteSize {

  /** Below this a shared RocksDB cache thrashes on its own index and filter blocks. */
  static final long MIN = 16L << 20;

  /**
   * Written instead of a size where a budget may be switched off: each RocksDB store then gets
   * Kafka Streams' own cache and memtables.
   */
  public static final String UNBOUNDED = "unbounded";

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB)");

  private ByteSize() {}

  /** Whether {@code text} is {@value #UNBOUNDED} rather than a size. */
  public static boolean isUnbounded(String text) {
    return text.trim().equalsIgnoreCase(UNBOUNDED);
  }

  /** The number of bytes {@code text} stands for, e.g. {@code 256MiB}. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a size such as 256MiB, 1GiB or a number of bytes, was '" + text + "'");
    }
    long number;
    try {
      number = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size out of range: '" + text + "'", e);
    }
    int shift =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "KIB" -> 10;
          case "MIB" -> 20;
          case "GIB" -> 30;
          default -> 0;
        };
    if (number > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size out of range: '" + text + "'");
    }
    return number << shift;
  }
}
