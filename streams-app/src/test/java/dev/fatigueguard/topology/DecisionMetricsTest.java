package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.metrics.LiveStats;
import dev.fatigueguard.policy.PolicyJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision-watching processor in the real topology: meters, dashboard counts and
 * fatigue-metrics records.
 */
class DecisionMetricsTest {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void decisionsBacklogAndCustomersAtCapReachTheMetersTheDashboardAndTheTopic(
      @TempDir Path stateDir) {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://metrics-test-" + UUID.randomUUID());
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(GuardSetting.METRICS_INTERVAL.key(), "PT10S");
    GuardConfig config = GuardConfig.of(settings, Map.of());
    GuardSerdes serdes = new GuardSerdes(config.serdeConfig());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GuardMetrics metrics = new GuardMetrics(registry);

    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            GuardTopology.build(config, serdes, metrics, "host-a:8080"),
            config.streamsProperties(),
            T0)) {
      String policies = config.topic(GuardSetting.TOPIC_POLICIES);
      driver
          .createInputTopic(policies, new StringSerializer(), new ByteArraySerializer())
          .pipeInput(
              "default",
              serdes
                  .policy()
                  .serializer()
                  .serialize(
                      policies,
                      ModelMapping.toAvro(
                          PolicyJson.readPolicy(
                              "{\"tenant\":\"default\",\"caps\":[{\"id\":\"hourly\",\"max\":2,\"window\":\"PT1H\"}]}"))),
              T0);
      String inputTopic = config.topic(GuardSetting.TOPIC_INPUT);
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(inputTopic, new StringSerializer(), new ByteArraySerializer());
      for (int i = 0; i < 3; i++) {
        input.pipeInput(
            "c-1",
            serdes
                .outboundMessage()
                .serializer()
                .serialize(inputTopic, message("m" + i, "c-1", Channel.EMAIL, "MARKETING")),
            T0.plusSeconds(i));
      }
      input.pipeInput(
          "c-2",
          serdes
              .outboundMessage()
              .serializer()
              .serialize(inputTopic, message("t1", "c-2", Channel.SMS, "TRANSACTIONAL")),
          T0);

      driver.advanceWallClockTime(Duration.ofSeconds(10));

      assertThat(count(registry, "APPROVED", "none", "EMAIL", "MARKETING")).isEqualTo(2);
      assertThat(count(registry, "DELAYED", "CAP_EXCEEDED", "EMAIL", "MARKETING")).isEqualTo(1);
      assertThat(count(registry, "APPROVED", "none", "SMS", "TRANSACTIONAL")).isEqualTo(1);
      assertThat(registry.get("guard.held.backlog").gauge().value()).isEqualTo(1);
      assertThat(
              registry.get("guard.customers.at.cap").tag("rule", "default/hourly").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("guard.decision.latency").timer().count()).isEqualTo(4);

      // Counts land in the second the task flushed them (the driver's wall clock, T0 + 10 s).
      LiveStats.Series series = metrics.live().series(T0.getEpochSecond(), 5, 4);
      assertThat(series.outcomes().get("APPROVED")).containsExactly(0, 0, 3, 0);
      assertThat(series.outcomes().get("DELAYED")).containsExactly(0, 0, 1, 0);
      assertThat(series.channels().get("EMAIL")).containsExactly(0, 0, 3, 0);
      assertThat(series.reasons()).containsEntry("CAP_EXCEEDED", 1L);

      String metricsTopic = config.topic(GuardSetting.TOPIC_METRICS);
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic(
              metricsTopic, new StringDeserializer(), new ByteArrayDeserializer());
      Map<String, FatigueMetric> byKey = new HashMap<>();
      for (KeyValue<String, byte[]> kv : out.readKeyValuesToList()) {
        byKey.put(
            kv.key.replaceAll(",task=[^}]*", ""),
            serdes.metric().deserializer().deserialize(metricsTopic, kv.value));
      }
      assertThat(
              byKey
                  .get("decisions{category=MARKETING,channel=EMAIL,decision=APPROVED,reason=none}")
                  .getValue())
          .isEqualTo(2);
      assertThat(
              byKey
                  .get(
                      "decisions{category=MARKETING,channel=EMAIL,decision=DELAYED,reason=CAP_EXCEEDED}")
                  .getValue())
          .isEqualTo(1);
      assertThat(byKey.get("customers.at.cap{rule=default/hourly}").getValue()).isEqualTo(1);
      FatigueMetric backlog =
          byKey.entrySet().stream()
              .filter(e -> e.getKey().startsWith("held.backlog") && e.getValue().getValue() > 0)
              .map(Map.Entry::getValue)
              .findFirst()
              .orElseThrow();
      assertThat(backlog.getValue()).isEqualTo(1);
      assertThat(backlog.getInstance()).isEqualTo("host-a:8080");
      assertThat(backlog.getWindowEnd()).isAfter(backlog.getWindowStart());

      // A quiet interval re-emits no decision counts; a customer stays "at cap" for five minutes.
      driver.advanceWallClockTime(Duration.ofSeconds(10));
      List<String> keys = out.readKeyValuesToList().stream().map(kv -> kv.key).toList();
      assertThat(keys).noneMatch(k -> k.startsWith("decisions{"));
      assertThat(
              registry.get("guard.customers.at.cap").tag("rule", "default/hourly").gauge().value())
          .isEqualTo(1);
      driver.advanceWallClockTime(Duration.ofMinutes(5));
      assertThat(
              registry.get("guard.customers.at.cap").tag("rule", "default/hourly").gauge().value())
          .isZero();
    }
    assertThat(metrics.heldCount()).as("a closed task stops counting here").isZero();
  }

  private static double count(
      SimpleMeterRegistry registry,
      String decision,
      String reason,
      String channel,
      String category) {
    return registry
        .get("guard.decisions")
        .tags("decision", decision, "reason", reason, "channel", channel, "category", category)
        .counter()
        .count();
  }

  private static OutboundMessage message(
      String id, String customer, Channel channel, String category) {
    return OutboundMessage.newBuilder()
        .setMessageId(id)
        .setCustomerId(customer)
        .setChannel(channel)
        .setCategory(category)
        .setCreatedAt(T0)
        .build();
  }
}
