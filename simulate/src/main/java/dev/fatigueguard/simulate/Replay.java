package dev.fatigueguard.simulate;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.simulate.inprocess.InProcessGuard;
import dev.fatigueguard.topology.GuardSerdes;
import dev.fatigueguard.topology.ModelMapping;
import dev.fatigueguard.topology.Routed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Replays a message history through the guard's own processors, decider and stores (in memory, same
 * names) in an {@link InProcessGuard}, fed in event-time order, each record stamped with its
 * createdAt.
 *
 * <p>Held messages are released by wall-clock punctuation, as in production, so the simulated wall
 * clock must move the way a live one would. A live guard punctuates every {@code
 * guard.release.interval} on a fixed grid, and a punctuation only has work when a held message is
 * due. Every held message is announced by a DELAYED decision with its release time, so before each
 * record the replay moves the clock to each grid point at or before the record's time where
 * something falls due (the first grid point at or after each announced release time), in order: a
 * held message is looked at exactly when a live guard would look at it, before the record that
 * follows, even when no record arrives for hours. Grid points where nothing is due are skipped: a
 * live punctuation there finds nothing to do either. After the last record the clock keeps moving
 * through the announced release times, bounded by the longest maxDelay, after which nothing can
 * still be held.
 */
public final class Replay implements AutoCloseable {

  private final InProcessGuard guard;
  private final GuardSerdes serdes;
  private final long start;
  private final long interval;
  private final int releaseBatch;
  private final Serializer<OutboundMessage> messageSerializer;
  private final String inputTopic;
  private final PriorityQueue<Long> releaseTimes = new PriorityQueue<>(Comparator.naturalOrder());
  private final long longestMaxDelay;
  private final List<Routed.DeadLetter> refusedRules = new ArrayList<>();
  private Consumer<ContactDecision> sink = d -> {};
  private long decided;
  private boolean publishing = true;

  /**
   * @param start where the simulated clocks begin: at or before the first message
   */
  public Replay(ReplayRules rules, Instant start) {
    Map<String, String> settings = new HashMap<>();
    settings.put(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
        "simulation:9092"); // never contacted: there is no broker
    settings.put(
        GuardConfig.SCHEMA_REGISTRY_URL, "mock://fatigue-guard-simulate-" + UUID.randomUUID());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "sim");
    GuardConfig config = GuardConfig.of(settings, Map.of());
    serdes = new GuardSerdes(config.serdeConfig());
    this.start = start.toEpochMilli();
    this.interval = config.duration(GuardSetting.RELEASE_INTERVAL).toMillis();
    this.releaseBatch = config.integer(GuardSetting.RELEASE_BATCH);
    this.longestMaxDelay = rules.longestMaxDelay().toMillis();
    this.inputTopic = config.topic(GuardSetting.TOPIC_INPUT);
    this.messageSerializer = serdes.outboundMessage().serializer();
    guard =
        new InProcessGuard(
            config,
            serdes,
            this.start,
            this::decided,
            letter -> {
              if (publishing) {
                refusedRules.add(letter);
              }
            });
    publishRules(rules, config);
    publishing = false;
  }

  private void decided(ContactDecision d) {
    if (d.getDecision() == Decision.DELAYED) {
      releaseTimes.add(d.getReleaseAt().toEpochMilli());
    }
    decided++;
    sink.accept(d);
  }

  /**
   * Replays every message and then lets the held ones run out; returns how many are still held at
   * the end (0 unless a release time lies beyond the longest maxDelay).
   */
  public long run(History history, Consumer<ContactDecision> sink) {
    this.sink = sink;
    long last = start;
    for (OutboundMessage m : history.messages()) {
      long t = m.getCreatedAt().toEpochMilli();
      releaseDueUpTo(t);
      guard.message(
          InProcessGuard.customerKey(m.getCustomerId()),
          messageSerializer.serialize(inputTopic, m),
          t);
      last = Math.max(last, t);
    }
    releaseDueUpTo(last + longestMaxDelay + interval);
    return guard.heldCount();
  }

  /**
   * Moves the clock through every announced release time whose punctuation falls at or before
   * {@code until}.
   */
  private void releaseDueUpTo(long until) {
    while (!releaseTimes.isEmpty() && gridCeil(releaseTimes.peek()) <= until) {
      long at = gridCeil(releaseTimes.poll());
      if (at > guard.wallClock()) {
        long before = decided;
        guard.advanceWallClock(at);
        if (decided - before >= releaseBatch) {
          // A punctuation looks at no more than releaseBatch held messages; a live guard takes the
          // rest one interval later, and so does the replay.
          releaseTimes.add(at + interval);
        }
      }
    }
  }

  private long gridCeil(long t) {
    return t <= start ? start : start - Math.floorDiv(start - t, interval) * interval;
  }

  /** Publishes the rules as an operator would; a rule the guard refuses stops the replay. */
  private void publishRules(ReplayRules rules, GuardConfig config) {
    String policiesTopic = config.topic(GuardSetting.TOPIC_POLICIES);
    for (Policy p : rules.policies()) {
      guard.policy(
          p.tenant(),
          serdes.policy().serializer().serialize(policiesTopic, ModelMapping.toAvro(p)),
          start);
    }
    String preferencesTopic = config.topic(GuardSetting.TOPIC_PREFERENCES);
    for (CustomerPreferences p : rules.preferences()) {
      guard.preferences(
          p.customerId(),
          serdes.preferences().serializer().serialize(preferencesTopic, ModelMapping.toAvro(p)),
          start);
    }
    if (!refusedRules.isEmpty()) {
      StringBuilder why = new StringBuilder();
      for (Header h : refusedRules.get(0).headers()) {
        why.append(' ')
            .append(h.key())
            .append('=')
            .append(new String(h.value(), StandardCharsets.UTF_8));
      }
      throw new IllegalStateException("the guard rejected a policy or preferences record:" + why);
    }
  }

  @Override
  public void close() {
    guard.close();
  }
}
