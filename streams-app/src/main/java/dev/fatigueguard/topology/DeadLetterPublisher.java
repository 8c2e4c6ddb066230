package dev.fatigueguard.topology;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes refused policies to the DLQ with a plain idempotent producer. At-least-once, not
 * exactly-once: the global thread has no transaction to join, so after a crash a refused policy can
 * reach the DLQ twice. The producer is created on the first refusal, so a guard that never sees a
 * bad policy never opens it.
 */
public final class DeadLetterPublisher implements PolicyRejections, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final Properties producerConfig;
  private final String dlqTopic;
  private KafkaProducer<byte[], byte[]> producer;

  public DeadLetterPublisher(GuardConfig config) {
    this.producerConfig = ClientProperties.producer(config.streamsProperties());
    this.dlqTopic = config.topic(GuardSetting.TOPIC_DLQ);
  }

  @Override
  public synchronized void reject(Routed.DeadLetter letter) {
    if (producer == null) {
      producer =
          new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }
    producer.send(
        new ProducerRecord<>(dlqTopic, null, letter.key(), letter.value(), letter.headers()),
        (meta, e) -> {
          if (e != null) {
            LOG.error(
                "could not write a refused policy to {}; it is only in this log: {}",
                dlqTopic,
                DeadLetters.header(letter.headers(), DeadLetters.REASON),
                e);
          }
        });
    producer.flush();
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
