package dev.fatigueguard.demo;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import dev.fatigueguard.topology.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the decision log and the DLQ as an auditor would (read_committed: only what the guard's
 * transactions committed) and counts what the dashboard shows. Held messages are tracked by
 * messageId from their first DELAYED event until they are RELEASED or DROPPED.
 */
final class DecisionTally implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionTally.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final SpecificAvroDeserializer<ContactDecision> deserializer;
  private final String decisionsTopic;
  private final String dlqTopic;
  private final Thread thread;
  private volatile boolean running = true;

  /** Where the consumer stands, per partition, after the records it has counted. */
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

  // Guarded by this.
  private final Map<Decision, Long> decisions = new EnumMap<>(Decision.class);
  private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
  private final Map<DropReason, Long> delayed = new EnumMap<>(DropReason.class);
  private final Map<DropReason, Long> droppedAfterHold = new EnumMap<>(DropReason.class);
  private final Map<Channel, Map<Decision, Long>> channels = new EnumMap<>(Channel.class);
  private final Map<String, Long> heldSince = new HashMap<>();
  private final Map<String, Long> dlqReasons = new TreeMap<>();
  private long heldMessages;
  private long releasedAfterHold;
  private long holdMillisTotal;
  private long holdMillisLongest;
  private long unreadable;

  DecisionTally(
      Properties consumerProperties,
      String decisionsTopic,
      String dlqTopic,
      Map<String, ?> serdeConfig) {
    Properties props = new Properties();
    props.putAll(consumerProperties);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fatigue-guard-demo-dashboard");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.deserializer = new SpecificAvroDeserializer<>(ContactDecision.class);
    this.deserializer.configure(serdeConfig, false);
    this.decisionsTopic = decisionsTopic;
    this.dlqTopic = dlqTopic;
    this.thread = new Thread(this::consume, "demo-dashboard");
    this.thread.setDaemon(true);
  }

  void start() {
    // Assigned, not subscribed: a dashboard has no group to share work with, and skips the
    // rebalance.
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(decisionsTopic, dlqTopic)) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread.start();
  }

  private void consume() {
    try {
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> record : records) {
          if (record.topic().equals(dlqTopic)) {
            countDeadLetter(record);
          } else {
            countDecision(record);
          }
        }
        for (TopicPartition partition : consumer.assignment()) {
          positions.put(partition, consumer.position(partition));
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.warn("dashboard consumer stopped: {}", e.toString());
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private void countDecision(ConsumerRecord<String, byte[]> record) {
    ContactDecision d;
    try {
      d = deserializer.deserialize(record.topic(), record.headers(), record.value());
    } catch (SerializationException e) {
      synchronized (this) {
        unreadable++;
      }
      return;
    }
    count(d);
  }

  synchronized void count(ContactDecision d) {
    Decision decision = d.getDecision();
    decisions.merge(decision, 1L, Long::sum);
    channels
        .computeIfAbsent(d.getChannel(), c -> new EnumMap<>(Decision.class))
        .merge(decision, 1L, Long::sum);
    long decidedAt = d.getDecidedAt().toEpochMilli();
    Instant since = d.getHeldSince();
    switch (decision) {
      case DELAYED -> {
        delayed.merge(reasonOf(d), 1L, Long::sum);
        // A re-hold of a held message is another DELAYED event for the same messageId.
        if (heldSince.putIfAbsent(
                d.getMessageId(), since == null ? decidedAt : since.toEpochMilli())
            == null) {
          heldMessages++;
        }
      }
      case RELEASED -> {
        heldSince.remove(d.getMessageId());
        if (since != null) {
          long held = decidedAt - since.toEpochMilli();
          releasedAfterHold++;
          holdMillisTotal += held;
          holdMillisLongest = Math.max(holdMillisLongest, held);
        }
      }
      case DROPPED -> {
        DropReason reason = reasonOf(d);
        dropped.merge(reason, 1L, Long::sum);
        // A DUPLICATE carries the messageId of the original, which may well still be held.
        if (reason != DropReason.DUPLICATE && heldSince.remove(d.getMessageId()) != null) {
          droppedAfterHold.merge(reason, 1L, Long::sum);
        }
      }
      default -> {
        // APPROVED needs no tracking; UNKNOWN is a decision newer than this schema, counted above.
      }
    }
  }

  private static DropReason reasonOf(ContactDecision d) {
    return d.getReason() == null ? DropReason.OTHER : d.getReason();
  }

  private synchronized void countDeadLetter(ConsumerRecord<String, byte[]> record) {
    String reason = DeadLetters.header(record.headers(), DeadLetters.REASON);
    String kind =
        reason == null
            ? "no reason header"
            : reason.contains(":") ? reason.substring(0, reason.indexOf(':')) : reason;
    dlqReasons.merge(kind, 1L, Long::sum);
  }

  /** The topics read, for a caller that wants to know how far they go. */
  List<String> topics() {
    return List.of(decisionsTopic, dlqTopic);
  }

  /** Whether everything up to these offsets has been counted. */
  boolean hasCounted(Map<TopicPartition, Long> offsets) {
    return offsets.entrySet().stream()
        .allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue());
  }

  synchronized DemoReport snapshot(
      Duration elapsed, Map<String, Long> sentBySender, long inputAcknowledged) {
    Map<Channel, Map<Decision, Long>> channelCopy = new EnumMap<>(Channel.class);
    channels.forEach((c, counts) -> channelCopy.put(c, Map.copyOf(counts)));
    return new DemoReport(
        elapsed,
        sentBySender,
        inputAcknowledged,
        decisions,
        dropped,
        delayed,
        channelCopy,
        heldMessages,
        heldSince.size(),
        releasedAfterHold,
        releasedAfterHold == 0
            ? Duration.ZERO
            : Duration.ofMillis(holdMillisTotal / releasedAfterHold),
        Duration.ofMillis(holdMillisLongest),
        droppedAfterHold,
        dlqReasons,
        unreadable);
  }

  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(
          CloseOptions.timeout(
              Duration.ofSeconds(2))); // never started: the thread would have closed it
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
