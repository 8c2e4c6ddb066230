package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.metrics.GuardMetrics;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Watches every decision event of its task on the way to the audit topic. Per record it bumps a
 * cached counter and a map entry and records into the latency (and, for releases, the delay) timer;
 * once a second it hands the counts to the dashboard, and every metrics interval it writes the
 * task's aggregates to the fatigue-metrics topic (inside the task's transaction) and measures the
 * held backlog from the task's own release schedule.
 *
 * <p>Interval counts live in memory: after a crash the interval in progress is lost, never doubled.
 */
public final class DecisionMetricsProcessor
    implements Processor<String, Routed, String, FatigueMetric> {

  private static final Duration FLUSH = Duration.ofSeconds(1);

  /**
   * A customer counts as "at cap" for a rule while that rule held back or dropped one of their
   * messages this recently.
   */
  static final Duration AT_CAP_HORIZON = Duration.ofMinutes(5);

  /** One tag combination; the counter is looked up once per combination, not per record. */
  private record Key(Decision decision, DropReason reason, String channel, String category) {}

  private static final class Tally {
    final Counter counter;
    long sinceFlush;
    long sinceEmit;

    Tally(Counter counter) {
      this.counter = counter;
    }
  }

  private final GuardMetrics metrics;
  private final Duration interval;
  private final String instance;
  private final Map<Key, Tally> tallies = new HashMap<>();

  /** rule → customer → when the rule last held back or dropped one of the customer's messages. */
  private final Map<String, Map<String, Long>> atCap = new HashMap<>();

  private ProcessorContext<String, FatigueMetric> context;
  private KeyValueStore<String, HeldMessage> held;
  private KeyValueStore<Bytes, byte[]> schedule;
  private String task;
  private long intervalStart;

  public DecisionMetricsProcessor(GuardMetrics metrics, Duration interval, String instance) {
    this.metrics = metrics;
    this.interval = interval;
    this.instance = instance;
  }

  @Override
  public void init(ProcessorContext<String, FatigueMetric> context) {
    this.context = context;
    this.held = context.getStateStore(StoreNames.HELD);
    this.schedule = context.getStateStore(StoreNames.HELD_SCHEDULE);
    this.task = context.taskId().toString();
    this.intervalStart = context.currentSystemTimeMs();
    context.schedule(FLUSH, PunctuationType.WALL_CLOCK_TIME, this::flush);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::emit);
  }

  @Override
  public void process(Record<String, Routed> record) {
    if (!(record.value() instanceof Routed.Decided decided)) {
      return;
    }
    ContactDecision d = decided.value();
    Key key = new Key(d.getDecision(), d.getReason(), d.getChannel().name(), d.getCategory());
    Tally tally =
        tallies.computeIfAbsent(
            key,
            k ->
                new Tally(
                    metrics.decisions(
                        k.decision().name(),
                        k.reason() == null ? "none" : k.reason().name(),
                        k.channel(),
                        k.category())));
    tally.counter.increment();
    tally.sinceFlush++;
    tally.sinceEmit++;
    long decidedAt = d.getDecidedAt().toEpochMilli();
    Instant heldSince = d.getHeldSince();
    if (heldSince == null
        || (d.getDecision() == Decision.DELAYED && heldSince.toEpochMilli() == decidedAt)) {
      // A live message: decided at its record timestamp, so the difference is the guard's lag
      // behind input.
      metrics
          .decisionLatency()
          .record(Math.max(0, System.currentTimeMillis() - decidedAt), TimeUnit.MILLISECONDS);
    }
    if (d.getDecision() == Decision.RELEASED && heldSince != null) {
      metrics
          .releaseDelay()
          .record(Math.max(0, decidedAt - heldSince.toEpochMilli()), TimeUnit.MILLISECONDS);
    }
    if (d.getReason() == DropReason.CAP_EXCEEDED && d.getRuleId() != null) {
      atCap
          .computeIfAbsent(d.getRuleId(), r -> new HashMap<>())
          .put(d.getCustomerId(), context.currentSystemTimeMs());
    }
  }

  private void flush(long now) {
    Map<String, Long> counts = new HashMap<>();
    for (Map.Entry<Key, Tally> e : tallies.entrySet()) {
      long n = e.getValue().sinceFlush;
      if (n == 0) {
        continue;
      }
      e.getValue().sinceFlush = 0;
      Key k = e.getKey();
      counts.merge("outcome:" + k.decision().name(), n, Long::sum);
      counts.merge("channel:" + k.channel(), n, Long::sum);
      if (k.reason() != null) {
        counts.merge("reason:" + k.reason().name(), n, Long::sum);
      }
    }
    if (!counts.isEmpty()) {
      metrics.live().add(now / 1000, counts);
    }
  }

  private void emit(long now) {
    long heldCount = 0;
    long oldest = 0;
    // The release schedule has one small entry per held message, carrying when it was first held:
    // counting it decodes no Avro, so the gauges cost the same however large the held messages are.
    try (KeyValueIterator<Bytes, byte[]> it = schedule.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> entry = it.next();
        long since = CustomerStores.heldSinceOf(entry.value);
        if (since < 0) {
          HeldMessage h =
              held.get(
                  CustomerStores.heldKeyOf(
                      entry.key)); // an entry written before the index carried it
          since = h == null ? -1 : h.getHeldSince().toEpochMilli();
        }
        heldCount++;
        if (since >= 0) {
          oldest = oldest == 0 ? since : Math.min(oldest, since);
        }
      }
    }
    Map<String, Integer> customersAtCap = new TreeMap<>();
    long horizon = now - AT_CAP_HORIZON.toMillis();
    atCap.values().forEach(customers -> customers.values().removeIf(lastHit -> lastHit < horizon));
    atCap.values().removeIf(Map::isEmpty);
    atCap.forEach((rule, customers) -> customersAtCap.put(rule, customers.size()));
    // Rules seen before but quiet now report 0 rather than their old value.
    metrics.customersAtCap().keySet().forEach(rule -> customersAtCap.putIfAbsent(rule, 0));
    metrics.report(task, new GuardMetrics.TaskSnapshot(heldCount, oldest, customersAtCap));

    for (Map.Entry<Key, Tally> e : tallies.entrySet()) {
      long n = e.getValue().sinceEmit;
      if (n > 0) {
        Key k = e.getKey();
        Map<String, String> dims = new TreeMap<>();
        dims.put("decision", k.decision().name());
        dims.put("reason", k.reason() == null ? "none" : k.reason().name());
        dims.put("channel", k.channel());
        dims.put("category", k.category());
        send("decisions", dims, n, now);
        e.getValue().sinceEmit = 0;
      }
    }
    send("held.backlog", new TreeMap<>(), heldCount, now);
    send(
        "held.oldest.age.seconds",
        new TreeMap<>(),
        oldest == 0 ? 0 : Math.max(0, now - oldest) / 1000.0,
        now);
    customersAtCap.forEach(
        (rule, n) -> send("customers.at.cap", new TreeMap<>(Map.of("rule", rule)), n, now));
    intervalStart = now;
  }

  private void send(String name, Map<String, String> dims, double value, long now) {
    dims.put("task", task);
    StringBuilder key = new StringBuilder(name).append('{');
    dims.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
    key.setCharAt(key.length() - 1, '}');
    FatigueMetric metric =
        FatigueMetric.newBuilder()
            .setName(name)
            .setDimensions(new HashMap<>(dims))
            .setWindowStart(Instant.ofEpochMilli(intervalStart))
            .setWindowEnd(Instant.ofEpochMilli(now))
            .setValue(value)
            .setInstance(instance)
            .build();
    context.forward(new Record<>(key.toString(), metric, now));
  }

  @Override
  public void close() {
    metrics.forget(task);
  }
}
