package dev.fatigueguard.topology;

import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.GuardMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The guard's Kafka Streams topology: the processors and stores of {@link GuardWiring}, laid out
 * between the topics. Processors and stores are named explicitly: the names appear in changelog and
 * repartition topics and in metrics, so they must not shift when the code changes.
 *
 * <pre>
 * outbound-messages ─▶ decode ─┬─ keyed by customer ─────────────┐
 *                              ├─ keyed otherwise ─▶ repartition ─┴─▶ guard ─┐
 *                              └─ unreadable ────────────────────────────────┤
 * contact-preferences ─▶ apply-preferences (update / erase) ────────────────┴─▶ route ─▶ approved[.CHANNEL]
 *                                                                                      ├─▶ suppressed
 * contact-policies ─▶ validate ─▶ global policy store (every instance)                 ├─▶ decisions
 *                             └─▶ dlq (refused policies)                               └─▶ dlq
 * </pre>
 */
public final class GuardTopology {

  private GuardTopology() {}

  /**
   * The topology with refused policies sent to {@code policyRejections} instead of the DLQ producer
   * (tests).
   */
  public static Topology build(
      GuardConfig config, GuardSerdes serdes, PolicyRejections policyRejections) {
    return build(
        config, serdes, new GuardMetrics(new SimpleMeterRegistry()), null, policyRejections);
  }

  /**
   * @param metrics where the decision metrics of this instance's tasks go
   * @param instance this instance's application.server, stamped on fatigue-metrics records (may be
   *     null)
   */
  public static Topology build(
      GuardConfig config, GuardSerdes serdes, GuardMetrics metrics, String instance) {
    return build(config, serdes, metrics, instance, new DeadLetterPublisher(config));
  }

  /**
   * @param metrics where the decision metrics of this instance's tasks go
   * @param instance this instance's application.server, stamped on fatigue-metrics records (may be
   *     null)
   * @param policyRejections where policies the global table refuses are sent (the caller closes it)
   */
  public static Topology build(
      GuardConfig config,
      GuardSerdes serdes,
      GuardMetrics metrics,
      String instance,
      PolicyRejections policyRejections) {
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    String preferences = config.topic(GuardSetting.TOPIC_PREFERENCES);
    String policies = config.topic(GuardSetting.TOPIC_POLICIES);
    GuardWiring wiring = new GuardWiring(config, serdes);

    StreamsBuilder builder = new StreamsBuilder();
    wiring.customerStores().forEach(store -> builder.addStateStore(store.durable()));
    // Policies: a global table read straight from the published topic and validated on the way in
    // (also when Kafka Streams restores it), so every instance has every valid policy before
    // judging anything. Persistent, so a restart only revalidates what arrived since the last
    // checkpoint; not logged, because the policies topic itself is what it is restored from.
    builder.addGlobalStore(
        wiring.policyStore().durable().withLoggingDisabled(),
        policies,
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("contact-policies-source"),
        wiring.policyTable(policyRejections));

    // Messages: decode, bring every message to its customer's partition, judge.
    GuardWiring.Node<byte[], byte[], String, Routed> decode = wiring.decode();
    Map<String, KStream<String, Routed>> decoded =
        builder.stream(
                input,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                    .withName("outbound-messages-source"))
            .process(decode.supplier(), Named.as(decode.name()), decode.storeNames())
            .split(Named.as("decoded-"))
            .branch(
                (k, v) -> v instanceof Routed.Inbound in && in.keyedByCustomer(),
                Branched.as("keyed"))
            .branch((k, v) -> v instanceof Routed.Inbound, Branched.as("rekey"))
            .defaultBranch(Branched.as("rejected"));
    KStream<String, Routed> rekeyed =
        decoded
            .get("decoded-rekey")
            .repartition(
                Repartitioned.<String, Routed>as("outbound-messages-by-customer")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(
                        new InboundSerde(serdes.outboundMessage.deserializer(), input)));
    GuardWiring.Node<String, Routed, String, Routed> guard = wiring.guard();
    KStream<String, Routed> judged =
        decoded
            .get("decoded-keyed")
            .merge(rekeyed, Named.as("merge-guard-input"))
            .process(guard.supplier(), Named.as(guard.name()), guard.storeNames());

    // Preferences: same stores, same partitions as the messages.
    GuardWiring.Node<String, byte[], String, Routed> applyPreferences = wiring.applyPreferences();
    KStream<String, Routed> preferenceOutcomes =
        builder.stream(
                preferences,
                Consumed.with(Serdes.String(), Serdes.ByteArray())
                    .withName("contact-preferences-source"))
            .process(
                applyPreferences.supplier(),
                Named.as(applyPreferences.name()),
                applyPreferences.storeNames());

    route(
        judged
            .merge(decoded.get("decoded-rejected"), Named.as("merge-rejected"))
            .merge(preferenceOutcomes, Named.as("merge-preference-outcomes")),
        "guard-",
        config,
        serdes,
        wiring.decisionMetrics(metrics, instance));

    return builder.build();
  }

  /** Sends each kind of outcome to its sink's topic. */
  private static void route(
      KStream<String, Routed> outcomes,
      String prefix,
      GuardConfig config,
      GuardSerdes serdes,
      GuardWiring.Node<String, Routed, String, FatigueMetric> decisionMetrics) {
    Map<String, KStream<String, Routed>> kinds =
        outcomes
            .split(Named.as(prefix))
            .branch(
                (k, v) -> OutcomeSink.of(v) == OutcomeSink.APPROVED,
                Branched.as(OutcomeSink.APPROVED.branch()))
            .branch(
                (k, v) -> OutcomeSink.of(v) == OutcomeSink.DECIDED,
                Branched.as(OutcomeSink.DECIDED.branch()))
            .branch(
                (k, v) -> OutcomeSink.of(v) == OutcomeSink.SUPPRESSED,
                Branched.as(OutcomeSink.SUPPRESSED.branch()))
            .defaultBranch(Branched.as(OutcomeSink.DEAD_LETTER.branch()));

    String approvedTopic = config.topic(GuardSetting.TOPIC_APPROVED);
    Serde<Routed> approvedWire =
        Serdes.serdeFrom(
            (topic, v) -> v == null ? null : ((Routed.Approved) v).wireValue(),
            (topic, bytes) -> {
              throw new UnsupportedOperationException("approved messages are only written");
            });
    KStream<String, Routed> approved = kinds.get(prefix + OutcomeSink.APPROVED.branch());
    approved.to(
        approvedTopic, Produced.with(Serdes.String(), approvedWire).withName("approved-sink"));
    if (config.flag(GuardSetting.APPROVED_PER_CHANNEL)) {
      approved.to(
          (key, value, ctx) -> approvedTopic + "." + ((Routed.Approved) value).channel(),
          Produced.with(Serdes.String(), approvedWire).withName("approved-per-channel-sink"));
    }
    KStream<String, Routed> decided = kinds.get(prefix + OutcomeSink.DECIDED.branch());
    decided
        .mapValues(v -> ((Routed.Decided) v).value(), Named.as("decision-value"))
        .to(
            config.topic(GuardSetting.TOPIC_DECISIONS),
            Produced.with(Serdes.String(), serdes.decision).withName("decisions-sink"));
    // Every decision passes here, so metrics need no hook inside the processors that decide.
    decided
        .process(
            decisionMetrics.supplier(),
            Named.as(decisionMetrics.name()),
            decisionMetrics.storeNames())
        .to(
            config.topic(GuardSetting.TOPIC_METRICS),
            Produced.with(Serdes.String(), serdes.metric).withName("fatigue-metrics-sink"));
    kinds
        .get(prefix + OutcomeSink.SUPPRESSED.branch())
        .mapValues(v -> ((Routed.Suppressed) v).value(), Named.as("suppressed-value"))
        .to(
            config.topic(GuardSetting.TOPIC_SUPPRESSED),
            Produced.with(Serdes.String(), serdes.suppressed).withName("suppressed-sink"));
    toDeadLetters(kinds.get(prefix + OutcomeSink.DEAD_LETTER.branch()), prefix, config);
  }

  private static void toDeadLetters(
      KStream<String, Routed> letters, String prefix, GuardConfig config) {
    letters
        .map(
            (k, v) -> {
              Routed.DeadLetter letter = (Routed.DeadLetter) v;
              return KeyValue.pair(letter.key(), letter.value());
            },
            Named.as(prefix + "dead-letter-as-received"))
        .to(
            config.topic(GuardSetting.TOPIC_DLQ),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(prefix + "dlq-sink"));
  }
}
