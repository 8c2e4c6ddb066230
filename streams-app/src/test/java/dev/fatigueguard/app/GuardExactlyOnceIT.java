package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fatigueguard.avro.CapRule;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.topology.StoreNames;
import dev.fatigueguard.topology.TopicPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard on a real KRaft broker with exactly_once_v2: thousands of messages for hundreds of
 * customers, the instance stopped half-way and replaced by one that must restore its state from the
 * changelogs. Everything is checked from what a gateway and an auditor would read (read_committed).
 */
@WithKafka
class GuardExactlyOnceIT {

  private static final int MESSAGES = 4000;

  @Test
  void everyMessageEndsExactlyOnceAndNoCapIsExceededAcrossAnInstanceReplacement(
      KafkaEndpoint kafka, @TempDir Path tmp) throws Exception {
    GuardConfig config = config(kafka, KafkaEndpoint.uniqueName("eos"), tmp.resolve("first"));
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      new TopicPlan(config).createMissing(admin, 3, (short) 1);
    }
    TrafficScript.publishRules(config);

    GuardApplication first = new GuardApplication(config);
    first.start();
    awaitRunning(first);
    GuardApplication second;
    try (TrafficScript traffic = new TrafficScript(kafka, config)) {
      traffic.send(MESSAGES / 2);
      // Replace the instance mid-stream; the new one starts with an empty state directory, so the
      // ledger, held messages and seen ids can only come back through the changelogs.
      first.close(Duration.ofSeconds(20));
      second =
          new GuardApplication(
              config.with(
                  Map.of(
                      StreamsConfig.STATE_DIR_CONFIG,
                      Files.createDirectories(tmp.resolve("second")).toString())));
      second.start();
      traffic.send(MESSAGES / 2);
      awaitRunning(second);

      OutcomeAudit audit =
          OutcomeAudit.collect(kafka, config, traffic.sends(), Duration.ofMinutes(3));
      Set<String> held = audit.assertExactlyOneOutcomeEach(traffic.sends(), heldInStore(second));
      audit.assertApprovedTopicMatchesDecisions();
      audit.assertNoCapExceeded(TrafficScript.CAPS, TrafficScript.EXEMPT);
      assertThat(audit.outcomeCounts())
          .containsKeys(
              "APPROVED",
              "DELAYED/CAP_EXCEEDED",
              "DROPPED/CAP_EXCEEDED",
              "DROPPED/OPTED_OUT",
              "DROPPED/DUPLICATE");
      assertThat(held).isNotEmpty();

      // A refused policy reaches the real DLQ topic, and the valid one stays in force.
      var bad =
          ContactPolicy.newBuilder()
              .setTenant("default")
              .setCaps(
                  java.util.List.of(
                      new CapRule(
                          "tiny",
                          1,
                          "PT5S",
                          java.util.List.of(),
                          java.util.List.of(),
                          java.util.List.of(),
                          null,
                          java.util.List.of(),
                          false)))
              .build();
      var serializer = new dev.fatigueguard.serde.SpecificAvroSerializer<ContactPolicy>();
      serializer.configure(config.serdeConfig(), false);
      String policies = config.topic(GuardSetting.TOPIC_POLICIES);
      try (var producer =
          new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
              ClientProperties.producer(config.streamsProperties()),
              new org.apache.kafka.common.serialization.StringSerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer())) {
        producer
            .send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    policies, "default", serializer.serialize(policies, bad)))
            .get();
      }
      assertThat(
              OutcomeAudit.awaitDeadLetter(
                  kafka, config, "validate-policy", Duration.ofSeconds(60)))
          .contains("caps[0].window");
    } finally {
      first.close(Duration.ofSeconds(5));
    }
    second.close(Duration.ofSeconds(20));
  }

  static GuardConfig config(KafkaEndpoint kafka, String run, Path stateDir)
      throws java.io.IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://" + run);
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
    settings.put(
        GuardSetting.HTTP_PORT.key(), "0"); // never collide with another guard on this machine
    settings.put(GuardSetting.MANAGEMENT_PORT.key(), "0");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
    for (GuardSetting setting : GuardSetting.values()) {
      if (setting.key().startsWith("guard.topic.")) {
        settings.put(setting.key(), run + "." + setting.defaultValue());
      }
    }
    return GuardConfig.of(settings, Map.of());
  }

  static Set<String> heldInStore(GuardApplication app) {
    ReadOnlyKeyValueStore<String, HeldMessage> store =
        app.streams()
            .store(
                StoreQueryParameters.fromNameAndType(
                    StoreNames.HELD, QueryableStoreTypes.<String, HeldMessage>keyValueStore()));
    Set<String> ids = new HashSet<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> ids.add(kv.value.getMessageId()));
    }
    return ids;
  }

  static void awaitRunning(GuardApplication app) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
  }
}
