package dev.fatigueguard.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decisions of the last ten minutes in one-second buckets, for the live dashboard: counts by
 * outcome and by channel, and why messages were held back or dropped. Tasks add their counts once a
 * second (not per record), so the lock here is off the hot path.
 */
public final class LiveStats {

  public static final int SECONDS_KEPT = 600;

  private final long[] bucketSecond = new long[SECONDS_KEPT];
  private final List<Map<String, Long>> buckets =
      new ArrayList<>(Collections.nCopies(SECONDS_KEPT, (Map<String, Long>) null));

  /**
   * A series of {@code points} buckets of {@code step} seconds each, the first starting at {@code
   * from}.
   */
  public record Series(
      long from,
      int step,
      int points,
      Map<String, long[]> outcomes,
      Map<String, long[]> channels,
      Map<String, Long> reasons) {}

  /**
   * Adds counts (keys {@code outcome:X}, {@code channel:X}, {@code reason:X}) to the bucket of
   * {@code epochSecond}.
   */
  public synchronized void add(long epochSecond, Map<String, Long> counts) {
    int i = (int) Math.floorMod(epochSecond, (long) SECONDS_KEPT);
    if (bucketSecond[i] != epochSecond || buckets.get(i) == null) {
      bucketSecond[i] = epochSecond;
      buckets.set(i, new HashMap<>());
    }
    Map<String, Long> bucket = buckets.get(i);
    counts.forEach((k, v) -> bucket.merge(k, v, Long::sum));
  }

  /**
   * The buckets in [from, from + step * points), summed per step; reasons are totals over the whole
   * span.
   */
  public synchronized Series series(long from, int step, int points) {
    Map<String, long[]> outcomes = new TreeMap<>();
    Map<String, long[]> channels = new TreeMap<>();
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (int p = 0; p < points; p++) {
      for (int s = 0; s < step; s++) {
        long second = from + (long) p * step + s;
        int i = (int) Math.floorMod(second, (long) SECONDS_KEPT);
        if (buckets.get(i) == null || bucketSecond[i] != second) {
          continue;
        }
        for (Map.Entry<String, Long> e : buckets.get(i).entrySet()) {
          String key = e.getKey();
          int colon = key.indexOf(':');
          String kind = key.substring(0, colon);
          String name = key.substring(colon + 1);
          switch (kind) {
            case "outcome" ->
                outcomes.computeIfAbsent(name, n -> new long[points])[p] += e.getValue();
            case "channel" ->
                channels.computeIfAbsent(name, n -> new long[points])[p] += e.getValue();
            case "reason" -> reasons.merge(name, e.getValue(), Long::sum);
            default -> throw new IllegalStateException(key);
          }
        }
      }
    }
    return new Series(from, step, points, outcomes, channels, reasons);
  }
}
