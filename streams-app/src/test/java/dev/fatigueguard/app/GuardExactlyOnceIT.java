package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.StoreNames;
import dev.fatigueguard.topology.TopicPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

  private static final int CUSTOMERS = 300;
  private static final int MESSAGES = 4000;
  private static final String[] CATEGORIES = {"MARKETING", "PROMOTIONAL", "NEWSLETTER", "SERVICE", "TRANSACTIONAL",
      "SECURITY"};
  private static final Channel[] CHANNELS = {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WHATSAPP};
  private static final Set<DropReason> RULE_DROPS = Set.of(DropReason.CAP_EXCEEDED, DropReason.QUIET_HOURS,
      DropReason.OPTED_OUT, DropReason.SNOOZED, DropReason.EXPIRED);

  /** The caps under test, as the oracle reads them: (scope channel or null, max, window). */
  private record Cap(String id, Channel channel, int max, Duration window) {}

  private static final List<Cap> CAPS = List.of(
      new Cap("default/hourly", null, 3, Duration.ofHours(1)),
      new Cap("default/daily", null, 5, Duration.ofDays(1)),
      new Cap("default/sms", Channel.SMS, 1, Duration.ofHours(1)),
      new Cap("tenant:patient/patient", null, 2, Duration.ofHours(1)));

  @Test
  void everyMessageEndsExactlyOnceAndNoCapIsExceededAcrossARestart(KafkaEndpoint kafka, @TempDir Path tmp)
      throws Exception {
    String run = KafkaEndpoint.uniqueName("eos");
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
    settings.put(GuardConfig.SCHEMA_REGISTRY_URL, "mock://" + run);
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
    settings.put(GuardSetting.HTTP_PORT.key(), "0"); // never collide with another guard on this machine
    for (GuardSetting topic : List.of(GuardSetting.TOPIC_INPUT, GuardSetting.TOPIC_PREFERENCES,
        GuardSetting.TOPIC_POLICIES, GuardSetting.TOPIC_POLICIES_VALIDATED, GuardSetting.TOPIC_APPROVED,
        GuardSetting.TOPIC_SUPPRESSED, GuardSetting.TOPIC_DECISIONS, GuardSetting.TOPIC_DLQ,
        GuardSetting.TOPIC_METRICS)) {
      settings.put(topic.key(), run + "." + topic.defaultValue());
    }
    settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(tmp.resolve("first")).toString());
    GuardConfig config = GuardConfig.of(settings, Map.of());
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      new TopicPlan(config).createMissing(admin, 3, (short) 1);
    }

    try (RecordPublisher publisher = new RecordPublisher(config)) {
      publisher.publish(PolicyJson.readPolicy("""
          {"tenant":"default","overflowAction":"DROP","caps":[
            {"id":"hourly","max":3,"window":"PT1H"},{"id":"daily","max":5,"window":"P1D"},
            {"id":"sms","max":1,"window":"PT1H","channels":["SMS"]}]}"""));
      publisher.publish(PolicyJson.readPolicy("""
          {"tenant":"patient","overflowAction":"DELAY","maxDelay":"P1D","caps":[{"id":"patient","max":2,"window":"PT1H"}]}"""));
      for (int c = 0; c < CUSTOMERS; c += 10) {
        publisher.publish(PolicyJson.readPreferences("""
            {"customerId":"%s","optOuts":[{"channel":"PUSH"}]}""".formatted(customer(c))));
      }
    }

    GuardApplication first = new GuardApplication(config);
    first.start();
    awaitRunning(first);

    Random random = new Random(42);
    Map<String, Integer> sends = new TreeMap<>();
    Map<String, OutboundMessage> sent = new HashMap<>();
    SpecificAvroSerializer<OutboundMessage> serializer = new SpecificAvroSerializer<>();
    serializer.configure(config.serdeConfig(), false);
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(kafka), new StringSerializer(),
        new ByteArraySerializer())) {
      GuardApplication current = first;
      for (int i = 0; i < MESSAGES; i++) {
        if (i == MESSAGES / 2) {
          producer.flush();
          // Replace the instance mid-stream; the new one starts with an empty state directory, so the
          // ledger, held messages and seen ids can only come back through the changelogs.
          current.close(Duration.ofSeconds(20));
          GuardConfig second = config.with(Map.of(StreamsConfig.STATE_DIR_CONFIG,
              Files.createDirectories(tmp.resolve("second")).toString()));
          current = new GuardApplication(second);
          current.start();
          first = current;
        }
        OutboundMessage m;
        boolean resend = i > 0 && random.nextInt(100) < 3;
        if (resend) {
          List<String> ids = new ArrayList<>(sent.keySet());
          m = sent.get(ids.get(random.nextInt(ids.size())));
        } else {
          int customer = random.nextInt(CUSTOMERS);
          m = OutboundMessage.newBuilder()
              .setMessageId("m-" + i)
              .setCustomerId(customer(customer))
              .setTenant(customer % 3 == 0 ? "patient" : null)
              .setChannel(CHANNELS[random.nextInt(CHANNELS.length)])
              .setCategory(CATEGORIES[random.nextInt(CATEGORIES.length)])
              .setPriority(random.nextInt(3))
              .setCreatedAt(Instant.now())
              .build();
          sent.put(m.getMessageId(), m);
        }
        sends.merge(m.getMessageId(), 1, Integer::sum);
        producer.send(new ProducerRecord<>(input, null, System.currentTimeMillis(), m.getCustomerId(),
            serializer.serialize(input, m)));
      }
      producer.flush();
    }
    GuardApplication last = first;
    awaitRunning(last);

    // Read what gateways and auditors see until every send has an outcome.
    SpecificAvroDeserializer<ContactDecision> decisionReader = new SpecificAvroDeserializer<>(ContactDecision.class);
    decisionReader.configure(config.serdeConfig(), false);
    SpecificAvroDeserializer<OutboundMessage> messageReader = new SpecificAvroDeserializer<>(OutboundMessage.class);
    messageReader.configure(config.serdeConfig(), false);
    Map<String, List<ContactDecision>> decisions = new HashMap<>();
    List<ConsumerRecord<String, byte[]>> approved = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> decisionConsumer = committedReader(kafka, config.topic(GuardSetting.TOPIC_DECISIONS));
         KafkaConsumer<String, byte[]> approvedConsumer = committedReader(kafka, config.topic(GuardSetting.TOPIC_APPROVED))) {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : decisionConsumer.poll(Duration.ofMillis(200))) {
          ContactDecision d = decisionReader.deserialize(r.topic(), r.value());
          decisions.computeIfAbsent(d.getMessageId(), k -> new ArrayList<>()).add(d);
        }
        approvedConsumer.poll(Duration.ofMillis(50)).forEach(approved::add);
        // Every send yields at least one decision (resends yield their DUPLICATE).
        return sends.entrySet().stream()
            .allMatch(e -> decisions.getOrDefault(e.getKey(), List.of()).size() >= e.getValue());
      });
      // Linger briefly: a decision emitted twice would show up now.
      long until = System.currentTimeMillis() + 2000;
      while (System.currentTimeMillis() < until) {
        for (ConsumerRecord<String, byte[]> r : decisionConsumer.poll(Duration.ofMillis(200))) {
          ContactDecision d = decisionReader.deserialize(r.topic(), r.value());
          decisions.computeIfAbsent(d.getMessageId(), k -> new ArrayList<>()).add(d);
        }
        approvedConsumer.poll(Duration.ofMillis(50)).forEach(approved::add);
      }
    }

    ReadOnlyKeyValueStore<String, HeldMessage> heldStore = last.streams().store(
        StoreQueryParameters.fromNameAndType(StoreNames.HELD, QueryableStoreTypes.<String, HeldMessage>keyValueStore()));
    Set<String> heldNow = new HashSet<>();
    try (var it = heldStore.all()) {
      it.forEachRemaining(kv -> heldNow.add(kv.value.getMessageId()));
    }

    // Invariant 2: every send ends in exactly one outcome (resends as DUPLICATE), or is visibly held.
    Set<String> approvedIds = new HashSet<>();
    int heldCount = 0;
    for (var e : sends.entrySet()) {
      String id = e.getKey();
      List<ContactDecision> ds = decisions.getOrDefault(id, List.of());
      long duplicates = ds.stream().filter(d -> d.getReason() == DropReason.DUPLICATE).count();
      long terminal = ds.stream().filter(d -> d.getDecision() == Decision.APPROVED
          || d.getDecision() == Decision.RELEASED
          || (d.getDecision() == Decision.DROPPED && d.getReason() != DropReason.DUPLICATE)).count();
      boolean held = ds.stream().anyMatch(d -> d.getDecision() == Decision.DELAYED) && terminal == 0;
      assertThat(duplicates).as("duplicates of %s", id).isEqualTo(e.getValue() - 1);
      if (held) {
        heldCount++;
        assertThat(heldNow).as("%s is held, so it must be visible in the held store", id).contains(id);
      } else {
        assertThat(terminal).as("terminal outcomes of %s: %s", id, ds).isEqualTo(1);
      }
      ds.stream().filter(d -> d.getDecision() == Decision.APPROVED || d.getDecision() == Decision.RELEASED)
          .forEach(d -> approvedIds.add(d.getMessageId()));
      ds.stream().filter(d -> d.getDecision() == Decision.DROPPED && RULE_DROPS.contains(d.getReason()))
          .forEach(d -> assertThat(d.getDetail()).as("a dropped message says why").isNotBlank());
    }
    assertThat(heldNow).hasSize(heldCount);

    // The approved topic holds each approved message exactly once, and nothing else.
    List<String> approvedTopicIds = approved.stream()
        .map(r -> messageReader.deserialize(r.topic(), r.value()).getMessageId()).toList();
    assertThat(approvedTopicIds).doesNotHaveDuplicates();
    assertThat(new HashSet<>(approvedTopicIds)).isEqualTo(approvedIds);

    // Invariant 1, by brute force over what gateways received.
    Map<String, List<long[]>> contacts = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : approved) {
      OutboundMessage m = messageReader.deserialize(r.topic(), r.value());
      if (m.getCategory().equals("TRANSACTIONAL") || m.getCategory().equals("SECURITY")) {
        continue; // exempt and not counted
      }
      contacts.computeIfAbsent(m.getCustomerId(), k -> new ArrayList<>())
          .add(new long[] {r.timestamp(), m.getChannel().ordinal(), "patient".equals(m.getTenant()) ? 1 : 0});
    }
    contacts.forEach((customer, list) -> {
      for (Cap cap : CAPS) {
        for (long[] anchor : list) {
          long inWindow = list.stream()
              .filter(c -> cap.channel() == null || c[1] == cap.channel().ordinal())
              .filter(c -> !cap.id().startsWith("tenant:patient") || c[2] == 1)
              .filter(c -> c[0] >= anchor[0] && c[0] - anchor[0] < cap.window().toMillis())
              .count();
          assertThat(inWindow).as("%s for %s from %d", cap.id(), customer, anchor[0]).isLessThanOrEqualTo(cap.max());
        }
      }
    });

    // The run must have exercised what it claims to.
    Map<String, Long> byOutcome = new TreeMap<>();
    decisions.values().stream().flatMap(List::stream)
        .forEach(d -> byOutcome.merge(d.getDecision() + (d.getReason() == null ? "" : "/" + d.getReason()), 1L, Long::sum));
    assertThat(byOutcome).containsKeys("APPROVED", "DELAYED/CAP_EXCEEDED", "DROPPED/CAP_EXCEEDED",
        "DROPPED/OPTED_OUT", "DROPPED/DUPLICATE");
    assertThat(heldCount).isPositive();
    last.close(Duration.ofSeconds(20));
  }

  private static String customer(int i) {
    return "customer-" + i;
  }

  private static void awaitRunning(GuardApplication app) {
    await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
  }

  private static Properties producerProps(KafkaEndpoint kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return p;
  }

  private static KafkaConsumer<String, byte[]> committedReader(KafkaEndpoint kafka, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaEndpoint.uniqueName("reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
