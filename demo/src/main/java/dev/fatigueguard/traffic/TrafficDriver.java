package dev.fatigueguard.traffic;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the {@link TrafficMix} to the input topic at a steady rate, as the sending systems
 * would: keyed by customerId, Avro in the registry wire format, record timestamp = now. Needs only
 * producer properties and the serde's registry settings, so it drives any cluster, not just the
 * demo's embedded one.
 *
 * <p>Paced against the start time rather than per tick, so a slow tick (GC, a busy 2-core machine)
 * is caught up and the long-run rate is what was asked for; at most one second is caught up at
 * once, so a long stall does not turn into a flood.
 */
public final class TrafficDriver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrafficDriver.class);
  private static final long TICK_MILLIS = 20;

  private final TrafficMix mix;
  private final double ratePerSecond;
  private final String topic;
  private final KafkaProducer<String, byte[]> producer;
  private final SpecificAvroSerializer<OutboundMessage> serializer;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fatigue-guard-senders");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, LongAdder> sentBySender = new ConcurrentHashMap<>();
  private final LongAdder acknowledged = new LongAdder();
  private long startNanos;
  private long produced;

  public TrafficDriver(
      TrafficMix mix,
      double ratePerSecond,
      String topic,
      Properties producerProperties,
      Map<String, ?> serdeConfig) {
    this.mix = mix;
    this.ratePerSecond = ratePerSecond;
    this.topic = topic;
    Properties props = new Properties();
    props.putAll(producerProperties);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "fatigue-guard-senders");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.serializer = new SpecificAvroSerializer<>();
    this.serializer.configure(serdeConfig, false);
  }

  public void start() {
    startNanos = System.nanoTime();
    scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
      long target = (long) (elapsedSeconds * ratePerSecond);
      long toSend = Math.min(target - produced, Math.max(1, (long) ratePerSecond));
      for (long i = 0; i < toSend; i++) {
        send(mix.next(Instant.now()));
      }
      // Whatever was not caught up is forgiven rather than sent in a burst later.
      produced = Math.max(produced, target - (long) ratePerSecond);
    } catch (RuntimeException e) {
      // One bad send must not cancel the schedule (a thrown exception would end it silently).
      LOG.warn("synthetic sender failed: {}", e.toString());
    }
  }

  private void send(TrafficMix.Send send) {
    byte[] value =
        send instanceof TrafficMix.Send.Avro avro
            ? serializer.serialize(topic, avro.message())
            : ((TrafficMix.Send.Raw) send).value();
    produced++;
    sentBySender.computeIfAbsent(send.sender(), s -> new LongAdder()).increment();
    producer.send(
        new ProducerRecord<>(topic, null, System.currentTimeMillis(), send.key(), value),
        (meta, error) -> {
          if (error == null) {
            acknowledged.increment();
          } else {
            LOG.warn("synthetic message not delivered to {}: {}", topic, error.toString());
          }
        });
  }

  /** Stops the senders; what they sent may still be in flight. Idempotent. */
  public void stopSending() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until everything sent so far is acknowledged (or failed). */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    stopSending();
    producer.close(Duration.ofSeconds(5));
  }

  /** Records handed to the producer, by sending system. */
  public Map<String, Long> sentBySender() {
    Map<String, Long> copy = new TreeMap<>();
    sentBySender.forEach((sender, count) -> copy.put(sender, count.sum()));
    return copy;
  }

  public long acknowledged() {
    return acknowledged.sum();
  }
}
