package dev.fatigueguard.demo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** ISO-8601 durations, and the short forms people type: 90s, 2m, 1m30s, 500ms, 1h. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (SHORT.matcher(v).matches()) {
      Duration total = Duration.ZERO;
      Matcher part = PART.matcher(v);
      while (part.find()) {
        long n = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  default -> Duration.ofHours(n);
                });
      }
      return total;
    }
    try {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration: use ISO-8601 (PT90S, PT2M) or 90s, 2m, 1m30s");
    }
  }
}
