package dev.fatigueguard.bench.failover;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a gateway sees: the approved topic read {@code read_committed}, each record stamped with the
 * wall-clock moment it became visible here, and matched to the moment its message was sent.
 */
final class ApprovalWatch implements AutoCloseable {

  /** One approved message: its input partition, when it was sent, when it was seen approved. */
  record Approval(int partition, long sentNanos, long seenNanos) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final SpecificAvroDeserializer<OutboundMessage> reader =
      new SpecificAvroDeserializer<>(OutboundMessage.class);
  private final Map<String, Long> sentNanos;
  private final ConcurrentLinkedQueue<Approval> approvals = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  ApprovalWatch(
      String bootstrap,
      String topic,
      int partitions,
      Map<String, ?> serdeConfig,
      Map<String, Long> sentNanos) {
    this.sentNanos = sentNanos;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> all = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      all.add(new TopicPartition(topic, i));
    }
    consumer.assign(all);
    reader.configure(serdeConfig, false);
    thread = new Thread(this::poll, "approval-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    while (running) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
        long seen = System.nanoTime();
        String id = reader.deserialize(r.topic(), r.value()).getMessageId();
        Long sent = sentNanos.get(id);
        if (sent != null) {
          approvals.add(new Approval(r.partition(), sent, seen));
        }
      }
    }
  }

  /**
   * Waits for the first approval of a message sent at or after {@code sentAfter} on one of {@code
   * partitions}; returns when it was seen, or -1 after {@code timeout}.
   */
  long firstApproval(Set<Integer> partitions, long sentAfter, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long first = Long.MAX_VALUE;
      for (Approval a : approvals) {
        if (a.sentNanos() >= sentAfter && partitions.contains(a.partition())) {
          first = Math.min(first, a.seenNanos());
        }
      }
      if (first != Long.MAX_VALUE) {
        return first;
      }
      Thread.sleep(20);
    }
    return -1;
  }

  /**
   * Waits for the first approval seen at or after {@code seenAfter} on one of {@code partitions},
   * whenever its message was sent; returns when it was seen, or -1 after {@code timeout} or once
   * {@code stillTrying} says there is no point in waiting (the guard exited).
   */
  long firstSeen(
      Set<Integer> partitions, long seenAfter, Duration timeout, BooleanSupplier stillTrying)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && stillTrying.getAsBoolean()) {
      long first = Long.MAX_VALUE;
      for (Approval a : approvals) {
        if (a.seenNanos() >= seenAfter && partitions.contains(a.partition())) {
          first = Math.min(first, a.seenNanos());
        }
      }
      if (first != Long.MAX_VALUE) {
        return first;
      }
      Thread.sleep(20);
    }
    return -1;
  }

  /** Partitions that saw an approval of a message sent at or after {@code sentAfter}. */
  Set<Integer> partitionsApprovedSince(long sentAfter) {
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    for (Approval a : approvals) {
      if (a.sentNanos() >= sentAfter) {
        seen.add(a.partition());
      }
    }
    return seen;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    consumer.close();
  }
}
