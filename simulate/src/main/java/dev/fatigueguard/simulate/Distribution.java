package dev.fatigueguard.simulate;

import java.util.Arrays;

/**
 * Mean, median, 95th percentile and maximum of a set of values. Percentiles are nearest-rank (the
 * smallest value with at least p% of the values at or below it): always a value that occurred,
 * which is what "p95 customer gets N messages" should mean.
 */
public record Distribution(long count, double mean, long p50, long p95, long max) {

  public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0);

  /** Sorts {@code values[0..count)} in place. */
  public static Distribution of(long[] values, int count) {
    if (count == 0) {
      return EMPTY;
    }
    Arrays.sort(values, 0, count);
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += values[i];
    }
    return new Distribution(
        count,
        (double) sum / count,
        rank(values, count, 50),
        rank(values, count, 95),
        values[count - 1]);
  }

  private static long rank(long[] sorted, int count, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * count) - 1;
    return sorted[Math.max(0, index)];
  }
}
