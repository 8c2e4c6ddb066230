package dev.fatigueguard.api;

import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.metrics.LiveStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard shows, for one instance or summed over all: decisions per step by outcome and
 * by channel, suppression reasons, held backlog and customers at cap. Instances compute it for the
 * same {@code from}/{@code step}/{@code points}, so the series add up element by element.
 */
record StatsSnapshot(
    long from,
    int step,
    int points,
    Map<String, long[]> outcomes,
    Map<String, long[]> channels,
    Map<String, Long> reasons,
    long heldBacklog,
    double heldOldestAgeSeconds,
    Map<String, Integer> customersAtCap,
    List<String> instances,
    List<String> unreachable) {

  static StatsSnapshot local(
      GuardMetrics metrics, long from, int step, int points, String instance) {
    LiveStats.Series s = metrics.live().series(from, step, points);
    return new StatsSnapshot(
        from,
        step,
        points,
        s.outcomes(),
        s.channels(),
        s.reasons(),
        metrics.heldCount(),
        metrics.oldestHeldAgeSeconds(),
        metrics.customersAtCap(),
        List.of(instance),
        List.of());
  }

  StatsSnapshot plus(StatsSnapshot other) {
    List<String> allInstances = new ArrayList<>(instances);
    allInstances.addAll(other.instances);
    List<String> allUnreachable = new ArrayList<>(unreachable);
    allUnreachable.addAll(other.unreachable);
    Map<String, Long> allReasons = new TreeMap<>(reasons);
    other.reasons.forEach((k, v) -> allReasons.merge(k, v, Long::sum));
    Map<String, Integer> atCap = new TreeMap<>(customersAtCap);
    other.customersAtCap.forEach((k, v) -> atCap.merge(k, v, Integer::sum));
    return new StatsSnapshot(
        from,
        step,
        points,
        add(outcomes, other.outcomes),
        add(channels, other.channels),
        allReasons,
        heldBacklog + other.heldBacklog,
        Math.max(heldOldestAgeSeconds, other.heldOldestAgeSeconds),
        atCap,
        allInstances,
        allUnreachable);
  }

  StatsSnapshot unreachable(String instance) {
    List<String> all = new ArrayList<>(unreachable);
    all.add(instance);
    return new StatsSnapshot(
        from,
        step,
        points,
        outcomes,
        channels,
        reasons,
        heldBacklog,
        heldOldestAgeSeconds,
        customersAtCap,
        instances,
        all);
  }

  private Map<String, long[]> add(Map<String, long[]> a, Map<String, long[]> b) {
    Map<String, long[]> sum = new TreeMap<>();
    a.forEach((k, v) -> sum.put(k, v.clone()));
    b.forEach(
        (k, v) -> {
          long[] target = sum.computeIfAbsent(k, x -> new long[points]);
          for (int i = 0; i < Math.min(points, v.length); i++) {
            target[i] += v[i];
          }
        });
    return sum;
  }
}
