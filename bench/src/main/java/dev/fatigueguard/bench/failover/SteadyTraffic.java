package dev.fatigueguard.bench.failover;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.bench.e2e.Workload;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Senders at a steady rate, round-robin over the customers, every message sent at once (no batching
 * delay) with its send time remembered by message id.
 */
final class SteadyTraffic implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final SpecificAvroSerializer<OutboundMessage> serializer = new SpecificAvroSerializer<>();
  private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  SteadyTraffic(
      String bootstrap,
      String topic,
      Map<String, ?> serdeConfig,
      int customers,
      int messagesPerSecond) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    serializer.configure(serdeConfig, false);
    Workload workload = new Workload(customers, 7);
    long periodNanos = 1_000_000_000L / messagesPerSecond;
    thread =
        new Thread(
            () -> {
              long next = System.nanoTime();
              int i = 0;
              while (running) {
                OutboundMessage m =
                    workload.nextFor(
                        Workload.customerId(i++ % customers), System.currentTimeMillis());
                byte[] wire = serializer.serialize(topic, m);
                sentNanos.put(m.getMessageId(), System.nanoTime());
                producer.send(new ProducerRecord<>(topic, m.getCustomerId(), wire));
                next += periodNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                  try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            },
            "steady-traffic");
    thread.setDaemon(true);
    thread.start();
  }

  Map<String, Long> sentNanos() {
    return sentNanos;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    producer.close();
  }
}
