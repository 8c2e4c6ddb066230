package dev.fatigueguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard's own meters, fed by every task of this instance. Counters and timers are updated on
 * the stream threads; gauges (held backlog, customers at cap) are per-task snapshots summed on
 * scrape, so a task that moves to another instance stops counting here as soon as it is closed.
 */
public final class GuardMetrics {

  /** The name of the decision counters. */
  public static final String DECISIONS = "guard.decisions";

  /** What one task reported at its last metrics punctuation. */
  public record TaskSnapshot(
      long heldCount, long oldestHeldSinceMillis, Map<String, Integer> customersAtCapByRule) {}

  private final MeterRegistry registry;
  private final LiveStats live = new LiveStats();
  private final Timer decisionLatency;
  private final Timer releaseDelay;
  private final Map<String, TaskSnapshot> byTask = new ConcurrentHashMap<>();
  private final Map<String, Gauge> atCapGauges = new ConcurrentHashMap<>();

  public GuardMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.decisionLatency =
        Timer.builder("guard.decision.latency")
            .description(
                "From the input record's timestamp to the guard's decision on it (live messages)")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    this.releaseDelay =
        Timer.builder("guard.release.delay")
            .description("How long released messages were held")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofDays(90))
            .register(registry);
    Gauge.builder("guard.held.backlog", this, m -> m.heldCount())
        .description("Messages held right now in this instance's tasks")
        .register(registry);
    Gauge.builder("guard.held.oldest.age", this, m -> m.oldestHeldAgeSeconds())
        .description("Age of the oldest held message in this instance's tasks")
        .baseUnit("seconds")
        .register(registry);
  }

  public LiveStats live() {
    return live;
  }

  /** One counter per tag combination; callers cache the result, Micrometer dedups registrations. */
  public Counter decisions(String decision, String reason, String channel, String category) {
    return Counter.builder(DECISIONS)
        .description("Decisions by outcome, reason, channel and category")
        .tag("decision", decision)
        .tag("reason", reason)
        .tag("channel", channel)
        .tag("category", category)
        .register(registry);
  }

  public Timer decisionLatency() {
    return decisionLatency;
  }

  public Timer releaseDelay() {
    return releaseDelay;
  }

  public void report(String task, TaskSnapshot snapshot) {
    byTask.put(task, snapshot);
    for (String rule : snapshot.customersAtCapByRule().keySet()) {
      atCapGauges.computeIfAbsent(
          rule,
          r ->
              Gauge.builder("guard.customers.at.cap", this, m -> m.customersAtCap(r))
                  .description(
                      "Distinct customers for whom this cap held back or dropped a message in the last 5 minutes")
                  .tag("rule", r)
                  .register(registry));
    }
  }

  public void forget(String task) {
    byTask.remove(task);
  }

  public long heldCount() {
    return byTask.values().stream().mapToLong(TaskSnapshot::heldCount).sum();
  }

  public double oldestHeldAgeSeconds() {
    long oldest =
        byTask.values().stream()
            .mapToLong(TaskSnapshot::oldestHeldSinceMillis)
            .filter(t -> t > 0)
            .min()
            .orElse(0);
    return oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
  }

  public Map<String, Integer> customersAtCap() {
    Map<String, Integer> sum = new java.util.TreeMap<>();
    byTask
        .values()
        .forEach(
            s -> s.customersAtCapByRule().forEach((rule, n) -> sum.merge(rule, n, Integer::sum)));
    return sum;
  }

  private double customersAtCap(String rule) {
    return byTask.values().stream()
        .mapToInt(s -> s.customersAtCapByRule().getOrDefault(rule, 0))
        .sum();
  }
}
