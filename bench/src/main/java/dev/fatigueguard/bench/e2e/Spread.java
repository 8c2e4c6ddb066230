package dev.fatigueguard.bench.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Median and range of repeated measurements: the only honest summary of a handful of noisy runs.
 */
public record Spread(double median, double min, double max, int n) {

  public static Spread of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double median =
        v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return new Spread(median, v[0], v[v.length - 1], v.length);
  }

  public String format(String pattern) {
    return String.format(
        Locale.ROOT, pattern + " (" + pattern + "–" + pattern + ", n=%d)", median, min, max, n);
  }

  @Override
  public String toString() {
    return Arrays.toString(new double[] {median, min, max});
  }
}
