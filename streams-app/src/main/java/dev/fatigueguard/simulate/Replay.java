package dev.fatigueguard.simulate;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.policy.ContactPolicy;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.topology.GuardSerdes;
import dev.fatigueguard.topology.GuardTopology;
import dev.fatigueguard.topology.ModelMapping;
import dev.fatigueguard.topology.StoreFlavor;
import dev.fatigueguard.topology.StoreNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Replays a message history through the production {@link GuardTopology} in a
 * {@link TopologyTestDriver}: the same processors, decider and stores (in memory, same names), fed in
 * event-time order, each record stamped with its createdAt.
 *
 * <p>Held messages are released by wall-clock punctuation, as in production, so the simulated wall
 * clock must move the way a live one would. A live guard punctuates every
 * {@code guard.release.interval} on a fixed grid, and a punctuation only has work when a held
 * message is due. Every held message is announced by a DELAYED decision with its release time, so
 * before each record the replay moves the driver's clock to each grid point at or before the
 * record's time where something falls due (the first grid point at or after each announced release
 * time), in order: a held message is looked at exactly when a live guard would look at it, before
 * the record that follows, even when no record arrives for hours. Grid points where nothing is due
 * are skipped: a live punctuation there finds nothing to do either, and each step costs the driver a
 * commit. After the last record the clock keeps moving through the announced release times, bounded
 * by the longest maxDelay, after which nothing can still be held.
 */
public final class Replay implements AutoCloseable {

  /** Drain the outputs nobody reads here (approved, suppressed, DLQ) every so many records. */
  private static final int DISCARD_EVERY = 1024;

  private final GuardConfig config;
  private final GuardSerdes serdes;
  private final TopologyTestDriver driver;
  private final Path stateDir;
  private final long start;
  private final long interval;
  private final int releaseBatch;
  private final TestInputTopic<byte[], byte[]> input;
  private final TestOutputTopic<byte[], byte[]> decisions;
  private final TestOutputTopic<byte[], byte[]> deadLetters;
  private final List<TestOutputTopic<byte[], byte[]>> discarded;
  private final Serializer<OutboundMessage> messageSerializer;
  private final Deserializer<ContactDecision> decisionDeserializer;
  private final String inputTopic;
  private final String decisionsTopic;
  private final PriorityQueue<Long> releaseTimes = new PriorityQueue<>(Comparator.naturalOrder());
  private final long longestMaxDelay;
  private long wallClock;

  /** @param start where the simulated clocks begin: at or before the first message */
  public Replay(ReplayRules rules, Instant start) {
    try {
      stateDir = Files.createTempDirectory("fatigue-guard-simulate");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "simulation:9092"); // never contacted: there is no broker
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://fatigue-guard-simulate-" + UUID.randomUUID());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "sim");
    settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE); // nothing to fence
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The driver has one task reading every input; waiting for idle partitions only costs time here
    // (and building the log message that explains the wait, for every record).
    settings.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    // Policies are validated before a replay starts, so the global thread never meets a bad one; the
    // setting only silences Kafka's start-up advice to enable it, which would otherwise print per replay.
    settings.put("processing.exception.handler.global.enabled", "true");
    // The replay's metrics go nowhere (its summary is the report), and each metrics round scans every
    // held message. The simulated wall clock jumps hours at a time, so at the production interval a
    // round would run at nearly every release step: measured, 77 % of a 1M-message replay.
    settings.put(GuardSetting.METRICS_INTERVAL.key(), "P3650D");
    // Short topic names: for every output record the driver compiles each source topic name as a
    // regular expression, and names under four characters skip the costly Boyer-Moore set-up. The
    // names never leave the replay.
    String[][] topics = {{"guard.topic.input", "in"}, {"guard.topic.preferences", "pr"}, {"guard.topic.policies", "po"},
        {"guard.topic.approved", "ok"}, {"guard.topic.suppressed", "su"},
        {"guard.topic.decisions", "de"}, {"guard.topic.dlq", "dlq"}, {"guard.topic.metrics", "me"}};
    for (String[] topic : topics) {
      settings.put(topic[0], topic[1]);
    }
    config = GuardConfig.of(settings, Map.of());
    serdes = new GuardSerdes(config.serdeConfig());
    this.start = start.toEpochMilli();
    this.wallClock = this.start;
    this.interval = config.duration(GuardSetting.RELEASE_INTERVAL).toMillis();
    this.releaseBatch = config.integer(GuardSetting.RELEASE_BATCH);
    this.longestMaxDelay = rules.longestMaxDelay().toMillis();
    driver = new TopologyTestDriver(GuardTopology.build(config, serdes, StoreFlavor.IN_MEMORY),
        config.streamsProperties(), start);
    inputTopic = config.topic(GuardSetting.TOPIC_INPUT);
    decisionsTopic = config.topic(GuardSetting.TOPIC_DECISIONS);
    ByteArraySerializer bytes = new ByteArraySerializer();
    input = driver.createInputTopic(inputTopic, bytes, bytes);
    ByteArrayDeserializer raw = new ByteArrayDeserializer();
    decisions = driver.createOutputTopic(decisionsTopic, raw, raw);
    deadLetters = driver.createOutputTopic(config.topic(GuardSetting.TOPIC_DLQ), raw, raw);
    discarded = List.of(
        driver.createOutputTopic(config.topic(GuardSetting.TOPIC_APPROVED), raw, raw),
        driver.createOutputTopic(config.topic(GuardSetting.TOPIC_SUPPRESSED), raw, raw),
        deadLetters);
    messageSerializer = serdes.outboundMessage().serializer();
    decisionDeserializer = serdes.decision().deserializer();
    publishRules(rules);
  }

  /**
   * Replays every message and then lets the held ones run out; returns how many are still held at
   * the end (0 unless a release time lies beyond the longest maxDelay).
   */
  public long run(History history, Consumer<ContactDecision> sink) {
    long last = start;
    int sinceDiscard = 0;
    for (OutboundMessage m : history.messages()) {
      long t = m.getCreatedAt().toEpochMilli();
      releaseDueUpTo(t, sink);
      input.pipeInput(m.getCustomerId().getBytes(StandardCharsets.UTF_8),
          messageSerializer.serialize(inputTopic, m), t);
      drainDecisions(sink);
      last = Math.max(last, t);
      if (++sinceDiscard == DISCARD_EVERY) {
        discardOthers();
        sinceDiscard = 0;
      }
    }
    releaseDueUpTo(last + longestMaxDelay + interval, sink);
    discardOthers();
    return driver.getKeyValueStore(StoreNames.HELD).approximateNumEntries();
  }

  /** Moves the clock through every announced release time whose punctuation falls at or before {@code until}. */
  private void releaseDueUpTo(long until, Consumer<ContactDecision> sink) {
    while (!releaseTimes.isEmpty() && gridCeil(releaseTimes.peek()) <= until) {
      long at = gridCeil(releaseTimes.poll());
      if (at > wallClock) {
        advanceTo(at);
        int decided = drainDecisions(sink);
        if (decided >= releaseBatch) {
          // A punctuation looks at no more than releaseBatch held messages; a live guard takes the
          // rest one interval later, and so does the replay.
          releaseTimes.add(at + interval);
        }
      }
    }
  }

  private void advanceTo(long time) {
    if (time > wallClock) {
      driver.advanceWallClockTime(Duration.ofMillis(time - wallClock));
      wallClock = time;
    }
  }

  private long gridCeil(long t) {
    return t <= start ? start : start - Math.floorDiv(start - t, interval) * interval;
  }

  private int drainDecisions(Consumer<ContactDecision> sink) {
    int n = 0;
    while (!decisions.isEmpty()) {
      ContactDecision d = decisionDeserializer.deserialize(decisionsTopic, decisions.readValue());
      if (d.getDecision() == Decision.DELAYED) {
        releaseTimes.add(d.getReleaseAt().toEpochMilli());
      }
      sink.accept(d);
      n++;
    }
    return n;
  }

  private void discardOthers() {
    for (TestOutputTopic<byte[], byte[]> topic : discarded) {
      while (!topic.isEmpty()) {
        topic.readValue();
      }
    }
  }

  /** Publishes the rules as an operator would; a rule the topology rejects stops the replay. */
  private void publishRules(ReplayRules rules) {
    StringSerializer strings = new StringSerializer();
    ByteArraySerializer bytes = new ByteArraySerializer();
    String policiesTopic = config.topic(GuardSetting.TOPIC_POLICIES);
    TestInputTopic<String, byte[]> policies = driver.createInputTopic(policiesTopic, strings, bytes);
    for (ContactPolicy p : rules.policies()) {
      policies.pipeInput(p.tenant(), serdes.policy().serializer().serialize(policiesTopic, ModelMapping.toAvro(p)),
          start);
    }
    String preferencesTopic = config.topic(GuardSetting.TOPIC_PREFERENCES);
    TestInputTopic<String, byte[]> preferences = driver.createInputTopic(preferencesTopic, strings, bytes);
    for (CustomerPreferences p : rules.preferences()) {
      preferences.pipeInput(p.customerId(),
          serdes.preferences().serializer().serialize(preferencesTopic, ModelMapping.toAvro(p)), start);
    }
    if (!deadLetters.isEmpty()) {
      TestRecord<byte[], byte[]> rejected = deadLetters.readRecord();
      StringBuilder why = new StringBuilder();
      for (Header h : rejected.headers()) {
        why.append(' ').append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
      }
      throw new IllegalStateException("the guard rejected a policy or preferences record:" + why);
    }
  }

  @Override
  public void close() {
    driver.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
