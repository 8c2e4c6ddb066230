package dev.fatigueguard.topology;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real guard topology in a {@link TopologyTestDriver}, with a {@code mock://} registry of its
 * own, plus the small vocabulary the topology tests speak: send a message, publish a policy, read
 * outcomes. Public for the simulate module, whose replay must decide as this topology does.
 */
public final class GuardDriver implements AutoCloseable {

  public static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z"); // a Monday, 10:00 UTC

  final GuardConfig config;
  final GuardSerdes serdes;
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> rawInput;
  final TestInputTopic<String, byte[]> preferencesInput;
  final TestInputTopic<String, byte[]> policiesInput;
  final TestOutputTopic<String, byte[]> approved;
  final TestOutputTopic<String, byte[]> decisionsRaw;
  final TestOutputTopic<String, byte[]> suppressedRaw;
  final TestOutputTopic<byte[], byte[]> dlq;
  private final Path stateDir;

  /**
   * Policies the global table refused; in production they go to the DLQ through a side producer.
   */
  final List<Routed.DeadLetter> refusedPolicies = new java.util.concurrent.CopyOnWriteArrayList<>();

  public GuardDriver() {
    this(Map.of());
  }

  GuardDriver(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://topology-test-" + UUID.randomUUID());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "guard-test");
    settings.putAll(overrides);
    try {
      stateDir = Files.createTempDirectory("guard-ttd");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config = GuardConfig.of(settings, Map.of());
    serdes = new GuardSerdes(config.serdeConfig());
    Properties props = config.streamsProperties();
    driver =
        new TopologyTestDriver(
            GuardTopology.build(config, serdes, refusedPolicies::add), props, T0);
    rawInput =
        driver.createInputTopic(
            config.topic(GuardSetting.TOPIC_INPUT),
            new ByteArraySerializer(),
            new ByteArraySerializer(),
            T0,
            Duration.ZERO);
    preferencesInput =
        driver.createInputTopic(
            config.topic(GuardSetting.TOPIC_PREFERENCES),
            new StringSerializer(),
            new ByteArraySerializer(),
            T0,
            Duration.ZERO);
    policiesInput =
        driver.createInputTopic(
            config.topic(GuardSetting.TOPIC_POLICIES),
            new StringSerializer(),
            new ByteArraySerializer(),
            T0,
            Duration.ZERO);
    approved =
        driver.createOutputTopic(
            config.topic(GuardSetting.TOPIC_APPROVED),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    decisionsRaw =
        driver.createOutputTopic(
            config.topic(GuardSetting.TOPIC_DECISIONS),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    suppressedRaw =
        driver.createOutputTopic(
            config.topic(GuardSetting.TOPIC_SUPPRESSED),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    dlq =
        driver.createOutputTopic(
            config.topic(GuardSetting.TOPIC_DLQ),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
  }

  static OutboundMessage.Builder message(String id, String customer) {
    return OutboundMessage.newBuilder()
        .setMessageId(id)
        .setCustomerId(customer)
        .setChannel(Channel.EMAIL)
        .setCategory("MARKETING")
        .setCreatedAt(T0);
  }

  byte[] wire(OutboundMessage m) {
    return serdes
        .outboundMessage()
        .serializer()
        .serialize(config.topic(GuardSetting.TOPIC_INPUT), m);
  }

  /** Sends a message keyed by its customer, at the given record time. */
  public byte[] send(OutboundMessage m, Instant at) {
    byte[] bytes = wire(m);
    rawInput.pipeInput(
        m.getCustomerId().getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes, at);
    return bytes;
  }

  public void policy(String json) {
    Policy policy = PolicyJson.readPolicy(json);
    String topic = config.topic(GuardSetting.TOPIC_POLICIES);
    policiesInput.pipeInput(
        policy.tenant(),
        serdes.policy().serializer().serialize(topic, ModelMapping.toAvro(policy)),
        T0);
  }

  public void preferences(String json, Instant at) {
    CustomerPreferences prefs = PolicyJson.readPreferences(json);
    preferencesAvro(ModelMapping.toAvro(prefs), at);
  }

  void preferencesAvro(ContactPreferences prefs, Instant at) {
    String topic = config.topic(GuardSetting.TOPIC_PREFERENCES);
    preferencesInput.pipeInput(
        prefs.getCustomerId(), serdes.preferences().serializer().serialize(topic, prefs), at);
  }

  void erase(String customerId, Instant at) {
    preferencesInput.pipeInput(customerId, null, at);
  }

  public void advanceWallClock(Duration by) {
    driver.advanceWallClockTime(by);
  }

  public List<ContactDecision> decisions() {
    String topic = config.topic(GuardSetting.TOPIC_DECISIONS);
    return decisionsRaw.readValuesToList().stream()
        .map(b -> serdes.decision().deserializer().deserialize(topic, b))
        .toList();
  }

  List<SuppressedMessage> suppressed() {
    String topic = config.topic(GuardSetting.TOPIC_SUPPRESSED);
    return suppressedRaw.readValuesToList().stream()
        .map(b -> serdes.suppressed().deserializer().deserialize(topic, b))
        .toList();
  }

  List<OutboundMessage> approvedMessages() {
    String topic = config.topic(GuardSetting.TOPIC_APPROVED);
    return approved.readValuesToList().stream()
        .map(b -> serdes.outboundMessage().deserializer().deserialize(topic, b))
        .toList();
  }

  List<TestRecord<byte[], byte[]>> deadLetters() {
    return dlq.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
