package dev.fatigueguard.app;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The seeded traffic the real-broker tests send: random channels and categories for a few hundred
 * customers, 3 % resends of earlier messageIds, a DROP default policy and a DELAY tenant policy,
 * and PUSH opt-outs for every tenth customer. It also knows the caps, for the oracle.
 */
final class TrafficScript implements AutoCloseable {

  static final int CUSTOMERS = 300;
  static final Set<String> EXEMPT = Set.of("TRANSACTIONAL", "SECURITY");
  static final List<OutcomeAudit.Cap> CAPS =
      List.of(
          new OutcomeAudit.Cap("default/hourly", null, null, 3, java.time.Duration.ofHours(1)),
          new OutcomeAudit.Cap("default/daily", null, null, 5, java.time.Duration.ofDays(1)),
          new OutcomeAudit.Cap("default/sms", Channel.SMS, null, 1, java.time.Duration.ofHours(1)),
          new OutcomeAudit.Cap(
              "tenant:patient/patient", null, "patient", 2, java.time.Duration.ofHours(1)));

  private static final String[] CATEGORIES = {
    "MARKETING", "PROMOTIONAL", "NEWSLETTER", "SERVICE", "TRANSACTIONAL", "SECURITY"
  };
  private static final Channel[] CHANNELS = {
    Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WHATSAPP
  };

  private final Random random = new Random(42);
  private final Map<String, Integer> sends = new TreeMap<>();
  private final Map<String, OutboundMessage> sent = new HashMap<>();
  private final List<String> sentIds = new ArrayList<>();
  private final KafkaProducer<String, byte[]> producer;
  private final SpecificAvroSerializer<OutboundMessage> serializer = new SpecificAvroSerializer<>();
  private final String input;
  private int next;

  TrafficScript(KafkaEndpoint kafka, GuardConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    serializer.configure(config.serdeConfig(), false);
    input = config.topic(GuardSetting.TOPIC_INPUT);
  }

  static void publishRules(GuardConfig config) {
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      publisher.publish(
          PolicyJson.readPolicy(
              """
          {"tenant":"default","overflowAction":"DROP","caps":[
            {"id":"hourly","max":3,"window":"PT1H"},{"id":"daily","max":5,"window":"P1D"},
            {"id":"sms","max":1,"window":"PT1H","channels":["SMS"]}]}"""));
      publisher.publish(
          PolicyJson.readPolicy(
              """
          {"tenant":"patient","overflowAction":"DELAY","maxDelay":"P1D","caps":[{"id":"patient","max":2,"window":"PT1H"}]}"""));
      for (int c = 0; c < CUSTOMERS; c += 10) {
        publisher.publish(
            PolicyJson.readPreferences(
                """
            {"customerId":"%s","optOuts":[{"channel":"PUSH"}]}"""
                    .formatted(customer(c))));
      }
    }
  }

  /** Sends {@code count} more messages and waits until the broker has them all. */
  void send(int count) {
    for (int n = 0; n < count; n++, next++) {
      OutboundMessage m;
      if (next > 0 && random.nextInt(100) < 3) {
        m = sent.get(sentIds.get(random.nextInt(sentIds.size())));
      } else {
        int customer = random.nextInt(CUSTOMERS);
        m =
            OutboundMessage.newBuilder()
                .setMessageId("m-" + next)
                .setCustomerId(customer(customer))
                .setTenant(customer % 3 == 0 ? "patient" : null)
                .setChannel(CHANNELS[random.nextInt(CHANNELS.length)])
                .setCategory(CATEGORIES[random.nextInt(CATEGORIES.length)])
                .setPriority(random.nextInt(3))
                .setCreatedAt(Instant.now())
                .build();
        sent.put(m.getMessageId(), m);
        sentIds.add(m.getMessageId());
      }
      sends.merge(m.getMessageId(), 1, Integer::sum);
      producer.send(
          new ProducerRecord<>(
              input,
              null,
              System.currentTimeMillis(),
              m.getCustomerId(),
              serializer.serialize(input, m)));
    }
    producer.flush();
  }

  /** messageId → how many times it was sent. */
  Map<String, Integer> sends() {
    return sends;
  }

  static String customer(int i) {
    return "customer-" + i;
  }

  @Override
  public void close() {
    producer.close();
  }
}
