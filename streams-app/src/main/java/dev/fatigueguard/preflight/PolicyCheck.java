package dev.fatigueguard.preflight;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * At least one contact policy is published, unless {@code guard.require-policy=false}: without one
 * the guard holds every message until a policy arrives. Reads the policies topic (compacted, small)
 * from the start without a consumer group, and counts the tenants whose latest record is not a
 * tombstone.
 */
final class PolicyCheck {

  static final String NAME = "policy";

  private PolicyCheck() {}

  static CheckResult check(GuardConfig config) {
    boolean required = config.flag(GuardSetting.REQUIRE_POLICY);
    String topic = config.topic(GuardSetting.TOPIC_POLICIES);
    PreflightTimeout timeout = PreflightTimeout.of(config);
    Set<String> tenants;
    try {
      tenants = tenants(config, topic, timeout);
    } catch (UnknownTopicOrPartitionException e) {
      return CheckResult.note(NAME, "not checked: " + topic + " does not exist");
    } catch (KafkaException e) {
      String detail = "cannot read " + topic + ": " + ClusterConnection.rootMessage(e);
      return required
          ? CheckResult.fail(NAME, detail, "grant Read on topic " + topic + " to the guard")
          : CheckResult.note(NAME, detail);
    }
    if (tenants == null) {
      return CheckResult.note(
          NAME, "not known: " + topic + " could not be read to its end within " + timeout.text());
    }
    if (!tenants.isEmpty()) {
      List<String> sorted = tenants.stream().sorted().limit(5).toList();
      return CheckResult.pass(
          NAME,
          tenants.size()
              + (tenants.size() == 1 ? " policy" : " policies")
              + " published in "
              + topic
              + " ("
              + String.join(", ", sorted)
              + (tenants.size() > sorted.size() ? ", ..." : "")
              + ")");
    }
    if (!required) {
      return CheckResult.note(
          NAME,
          "no policy published in "
              + topic
              + "; guard.require-policy=false, so messages are judged against customer"
              + " preferences alone");
    }
    return CheckResult.fail(
        NAME,
        "no policy published in "
            + topic
            + ": the guard would hold every message (DELAYED, guard/awaiting-policy) until one is",
        "fatigue-guard policy publish --config FILE POLICY.json (a policy for tenant 'default'"
            + " applies to everyone), or set guard.require-policy=false");
  }

  /** Tenants with a live policy, or null when the topic could not be read to its end in time. */
  private static Set<String> tenants(GuardConfig config, String topic, PreflightTimeout timeout) {
    Properties p = ClientProperties.consumer(config.streamsProperties());
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A check must not create what it checks: on brokers that allow it, asking for a missing
    // topic's partitions would create it with the broker's defaults (delete, not compact).
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout.millis());
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout.millis());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fatigue-guard-preflight-policies");
    // Committed offsets do not matter here; the check reads what is in the log.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout.value()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new UnknownTopicOrPartitionException(topic);
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout.value());
      Set<String> live = new HashSet<>();
      long deadline = System.nanoTime() + timeout.value().toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          return null;
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            live.remove(r.key());
          } else {
            live.add(r.key());
          }
        }
      }
      return live;
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
