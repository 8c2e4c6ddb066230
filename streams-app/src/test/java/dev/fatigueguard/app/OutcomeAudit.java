package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a gateway and an auditor see after a run — the approved topic and the decision log, both
 * read {@code read_committed} — and SPEC.md's invariants checked against it by brute force.
 */
final class OutcomeAudit {

  /** A cap as the oracle reads it: optional channel scope, optional tenant scope. */
  record Cap(String id, Channel channel, String tenant, int max, Duration window) {}

  private static final Set<DropReason> RULE_DROPS =
      Set.of(
          DropReason.CAP_EXCEEDED,
          DropReason.QUIET_HOURS,
          DropReason.OPTED_OUT,
          DropReason.SNOOZED,
          DropReason.EXPIRED);

  final Map<String, List<ContactDecision>> decisions = new HashMap<>();
  final List<OutboundMessage> approvedMessages = new ArrayList<>();
  final List<Long> approvedTimestamps = new ArrayList<>();

  /**
   * Reads until every send has at least one decision, then a little longer so a duplicate would
   * show.
   */
  static OutcomeAudit collect(
      KafkaEndpoint kafka, GuardConfig config, Map<String, Integer> sends, Duration timeout) {
    OutcomeAudit audit = new OutcomeAudit();
    SpecificAvroDeserializer<ContactDecision> decisionReader =
        new SpecificAvroDeserializer<>(ContactDecision.class);
    decisionReader.configure(config.serdeConfig(), false);
    SpecificAvroDeserializer<OutboundMessage> messageReader =
        new SpecificAvroDeserializer<>(OutboundMessage.class);
    messageReader.configure(config.serdeConfig(), false);
    try (KafkaConsumer<String, byte[]> decisionConsumer =
            committedReader(kafka, config.topic(GuardSetting.TOPIC_DECISIONS));
        KafkaConsumer<String, byte[]> approvedConsumer =
            committedReader(kafka, config.topic(GuardSetting.TOPIC_APPROVED))) {
      Runnable poll =
          () -> {
            for (ConsumerRecord<String, byte[]> r : decisionConsumer.poll(Duration.ofMillis(200))) {
              ContactDecision d = decisionReader.deserialize(r.topic(), r.value());
              audit.decisions.computeIfAbsent(d.getMessageId(), k -> new ArrayList<>()).add(d);
            }
            for (ConsumerRecord<String, byte[]> r : approvedConsumer.poll(Duration.ofMillis(50))) {
              audit.approvedMessages.add(messageReader.deserialize(r.topic(), r.value()));
              audit.approvedTimestamps.add(r.timestamp());
            }
          };
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                poll.run();
                return sends.entrySet().stream()
                    .allMatch(
                        e ->
                            audit.decisions.getOrDefault(e.getKey(), List.of()).size()
                                >= e.getValue());
              });
      long until = System.currentTimeMillis() + 2000;
      while (System.currentTimeMillis() < until) {
        poll.run();
      }
    }
    return audit;
  }

  /**
   * Waits until at least {@code count} decisions are committed (the guard is demonstrably at work).
   */
  static void awaitDecisions(KafkaEndpoint kafka, GuardConfig config, int count, Duration timeout) {
    try (KafkaConsumer<String, byte[]> consumer =
        committedReader(kafka, config.topic(GuardSetting.TOPIC_DECISIONS))) {
      int[] seen = {0};
      await()
          .atMost(timeout)
          .until(
              () -> {
                seen[0] += consumer.poll(Duration.ofMillis(200)).count();
                return seen[0] >= count;
              });
    }
  }

  /**
   * How many decision records are committed right now: read up to the topic's last stable offset,
   * so an open transaction (a killed guard's) ends the count instead of blocking it.
   */
  static long committedDecisions(KafkaEndpoint kafka, GuardConfig config) {
    String topic = config.topic(GuardSetting.TOPIC_DECISIONS);
    long[] count = {0};
    try (KafkaConsumer<String, byte[]> consumer = committedReader(kafka, List.of())) {
      CommittedRecords.readToEnd(consumer, topic, r -> count[0]++);
    }
    return count[0];
  }

  /** Waits for a DLQ record from the given stage and returns its reason header. */
  static String awaitDeadLetter(
      KafkaEndpoint kafka, GuardConfig config, String stage, Duration timeout) {
    try (KafkaConsumer<String, byte[]> consumer =
        committedReader(kafka, config.topic(GuardSetting.TOPIC_DLQ))) {
      String[] reason = {null};
      await()
          .atMost(timeout)
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  if (stage.equals(
                      dev.fatigueguard.topology.DeadLetters.header(
                          r.headers(), dev.fatigueguard.topology.DeadLetters.STAGE))) {
                    reason[0] =
                        dev.fatigueguard.topology.DeadLetters.header(
                            r.headers(), dev.fatigueguard.topology.DeadLetters.REASON);
                  }
                }
                return reason[0] != null;
              });
      return reason[0];
    }
  }

  /**
   * Invariant 2: every send ends in exactly one outcome (resends as DUPLICATE) or is still held;
   * returns the ids still held. With {@code heldInStore} given, each of them must also be visible
   * there.
   */
  Set<String> assertExactlyOneOutcomeEach(Map<String, Integer> sends, Set<String> heldInStore) {
    Set<String> held = new HashSet<>();
    for (var e : sends.entrySet()) {
      String id = e.getKey();
      List<ContactDecision> ds = decisions.getOrDefault(id, List.of());
      long duplicates = ds.stream().filter(d -> d.getReason() == DropReason.DUPLICATE).count();
      long terminal =
          ds.stream()
              .filter(
                  d ->
                      d.getDecision() == Decision.APPROVED
                          || d.getDecision() == Decision.RELEASED
                          || (d.getDecision() == Decision.DROPPED
                              && d.getReason() != DropReason.DUPLICATE))
              .count();
      assertThat(duplicates)
          .as("DUPLICATE decisions of %s: %s", id, ds)
          .isEqualTo(e.getValue() - 1);
      if (terminal == 0 && ds.stream().anyMatch(d -> d.getDecision() == Decision.DELAYED)) {
        held.add(id);
        if (heldInStore != null) {
          assertThat(heldInStore)
              .as("%s is held, so it must be visible in the held store", id)
              .contains(id);
        }
      } else {
        assertThat(terminal).as("terminal outcomes of %s: %s", id, ds).isEqualTo(1);
      }
      ds.stream()
          .filter(d -> d.getDecision() == Decision.DROPPED && RULE_DROPS.contains(d.getReason()))
          .forEach(d -> assertThat(d.getDetail()).as("a dropped message says why").isNotBlank());
    }
    if (heldInStore != null) {
      assertThat(heldInStore).hasSameSizeAs(held);
    }
    return held;
  }

  /** The approved topic holds each approved message exactly once, and nothing else. */
  void assertApprovedTopicMatchesDecisions() {
    List<String> ids = approvedMessages.stream().map(OutboundMessage::getMessageId).toList();
    assertThat(ids).doesNotHaveDuplicates();
    Set<String> approvedByDecision = new HashSet<>();
    decisions.values().stream()
        .flatMap(List::stream)
        .filter(d -> d.getDecision() == Decision.APPROVED || d.getDecision() == Decision.RELEASED)
        .forEach(d -> approvedByDecision.add(d.getMessageId()));
    assertThat(new HashSet<>(ids)).isEqualTo(approvedByDecision);
  }

  /** Invariant 1, by brute force over what gateways received; exempt categories are not counted. */
  void assertNoCapExceeded(List<Cap> caps, Set<String> exemptCategories) {
    Map<String, List<Integer>> byCustomer = new HashMap<>();
    for (int i = 0; i < approvedMessages.size(); i++) {
      if (!exemptCategories.contains(approvedMessages.get(i).getCategory())) {
        byCustomer
            .computeIfAbsent(approvedMessages.get(i).getCustomerId(), k -> new ArrayList<>())
            .add(i);
      }
    }
    byCustomer.forEach(
        (customer, indexes) -> {
          for (Cap cap : caps) {
            for (int anchor : indexes) {
              long start = approvedTimestamps.get(anchor);
              long inWindow =
                  indexes.stream()
                      .filter(
                          i ->
                              cap.channel() == null
                                  || approvedMessages.get(i).getChannel() == cap.channel())
                      .filter(
                          i ->
                              cap.tenant() == null
                                  || cap.tenant().equals(approvedMessages.get(i).getTenant()))
                      .filter(
                          i ->
                              approvedTimestamps.get(i) >= start
                                  && approvedTimestamps.get(i) - start < cap.window().toMillis())
                      .count();
              assertThat(inWindow)
                  .as(
                      () ->
                          cap.id()
                              + " for "
                              + customer
                              + " from "
                              + start
                              + "; its approvals: "
                              + indexes.stream()
                                  .map(
                                      i ->
                                          approvedMessages.get(i).getMessageId()
                                              + "@"
                                              + approvedTimestamps.get(i)
                                              + " "
                                              + approvedMessages.get(i).getChannel()
                                              + "/"
                                              + approvedMessages.get(i).getCategory()
                                              + "/"
                                              + approvedMessages.get(i).getTenant()
                                              + " "
                                              + decisions.get(
                                                  approvedMessages.get(i).getMessageId()))
                                  .toList())
                  .isLessThanOrEqualTo(cap.max());
            }
          }
        });
  }

  /**
   * How many decisions of each kind, e.g. {@code DROPPED/CAP_EXCEEDED}: proof the run exercised the
   * rules.
   */
  Map<String, Long> outcomeCounts() {
    Map<String, Long> counts = new TreeMap<>();
    decisions.values().stream()
        .flatMap(List::stream)
        .forEach(
            d ->
                counts.merge(
                    d.getDecision() + (d.getReason() == null ? "" : "/" + d.getReason()),
                    1L,
                    Long::sum));
    return counts;
  }

  private static KafkaConsumer<String, byte[]> committedReader(KafkaEndpoint kafka, String topic) {
    KafkaConsumer<String, byte[]> consumer = committedReader(kafka, List.of());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** A read_committed consumer subscribed to {@code topics} (none: for assign). */
  private static KafkaConsumer<String, byte[]> committedReader(
      KafkaEndpoint kafka, List<String> topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaEndpoint.uniqueName("reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    if (!topics.isEmpty()) {
      consumer.subscribe(topics);
    }
    return consumer;
  }
}
