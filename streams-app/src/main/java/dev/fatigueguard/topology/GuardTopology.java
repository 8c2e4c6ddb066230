package dev.fatigueguard.topology;

import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.GuardMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * The guard's Kafka Streams topology: the processors and stores of {@link GuardWiring}, laid out
 * between the topics. Processors and stores are named explicitly: the names appear in changelog and
 * repartition topics and in metrics, so they must not shift when the code changes.
 *
 * <pre>
 * outbound-messages ─▶ decode ─┬─ keyed by customer ─────────────┐
 *                              ├─ keyed otherwise ─▶ repartition ─┴─▶ guard ──────┐
 *                              │  (guard.input.keyed-by-customer=true: no repartition; keyed
 *                              │   otherwise is unreadable)
 *                              └─ unreadable ─────────────────────────────────────┤
 * contact-preferences ─▶ apply-preferences (update / erase) ─────────────────────┴─▶ route-outcomes
 *                                                                                     │
 * contact-policies ─▶ validate ─▶ global policy store (every instance)                ├─▶ approved[.CHANNEL]
 *                             └─▶ dlq (refused policies)                              ├─▶ decisions
 *                                                                                     ├─▶ decision-metrics ─▶ fatigue-metrics
 *                                                                                     ├─▶ suppressed
 *                                                                                     └─▶ dlq
 * </pre>
 *
 * <p>The outcome side is one node, {@link OutcomeRouter}, that forwards each outcome straight to
 * the sink that writes it (the decisions also to the metrics), rather than merges, a split and a
 * mapping step per sink: those cost Kafka Streams' per-node forwarding two or three times per
 * message. No store, changelog or repartition topic is named after the nodes it replaced.
 */
public final class GuardTopology {

  /** The node names of the outcome side; sinks keep the names they had as DSL nodes. */
  private static final String ROUTER = "route-outcomes";

  private static final String APPROVED_SINK = "approved-sink";
  private static final String APPROVED_PER_CHANNEL_SINK = "approved-per-channel-sink";
  private static final String DECISIONS_SINK = "decisions-sink";
  private static final String SUPPRESSED_SINK = "suppressed-sink";
  private static final String DEAD_LETTER_SINK = "guard-dlq-sink";

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
    KStream<String, Routed> decodedStream =
        builder.stream(
                input,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                    .withName("outbound-messages-source"))
            .process(decode.supplier(), Named.as(decode.name()), decode.storeNames());
    GuardWiring.Node<String, Routed, String, Routed> guard = wiring.guard();
    // With guard.input.keyed-by-customer decode refuses records keyed otherwise, so there is no
    // rekey branch and no repartition topic: the task reads one partition fewer per record.
    boolean repartition = !config.flag(GuardSetting.INPUT_KEYED_BY_CUSTOMER);
    BranchedKStream<String, Routed> split =
        decodedStream
            .split(Named.as("decoded-"))
            .branch(
                (k, v) -> v instanceof Routed.Inbound in && in.keyedByCustomer(),
                Branched.as("keyed"));
    if (repartition) {
      split = split.branch((k, v) -> v instanceof Routed.Inbound, Branched.as("rekey"));
    }
    Map<String, KStream<String, Routed>> decoded = split.defaultBranch(Branched.as("rejected"));
    KStream<String, Routed> guardInput = decoded.get("decoded-keyed");
    if (repartition) {
      KStream<String, Routed> rekeyed =
          decoded
              .get("decoded-rekey")
              .repartition(
                  Repartitioned.<String, Routed>as("outbound-messages-by-customer")
                      .withKeySerde(Serdes.String())
                      .withValueSerde(
                          new InboundSerde(serdes.outboundMessage.deserializer(), input)));
      guardInput = guardInput.merge(rekeyed, Named.as("merge-guard-input"));
    }
    guardInput.process(guard.supplier(), Named.as(guard.name()), guard.storeNames());

    // Preferences: same stores, same partitions as the messages.
    GuardWiring.Node<String, byte[], String, Routed> applyPreferences = wiring.applyPreferences();
    builder.stream(
            preferences,
            Consumed.with(Serdes.String(), Serdes.ByteArray())
                .withName("contact-preferences-source"))
        .process(
            applyPreferences.supplier(),
            Named.as(applyPreferences.name()),
            applyPreferences.storeNames());

    Topology topology = builder.build();
    route(
        topology,
        List.of(guard.name(), "decoded-rejected", applyPreferences.name()),
        config,
        serdes,
        wiring.decisionMetrics(metrics, instance));
    return topology;
  }

  /**
   * Sends each kind of outcome to its sink's topic: one router node, fed by every processor that
   * has outcomes, forwards each record straight to the sink that writes it ({@link OutcomeRouter}).
   * Added with the Processor API because the sinks take values of different types.
   */
  private static void route(
      Topology topology,
      List<String> producers,
      GuardConfig config,
      GuardSerdes serdes,
      GuardWiring.Node<String, Routed, String, FatigueMetric> decisionMetrics) {
    StringSerializer keys = new StringSerializer();
    topology.addProcessor(
        ROUTER,
        () ->
            new OutcomeRouter(
                config.flag(GuardSetting.APPROVED_PER_CHANNEL)
                    ? List.of(APPROVED_SINK, APPROVED_PER_CHANNEL_SINK)
                    : List.of(APPROVED_SINK),
                DECISIONS_SINK,
                decisionMetrics.name(),
                SUPPRESSED_SINK,
                DEAD_LETTER_SINK),
        producers.toArray(String[]::new));

    String approvedTopic = config.topic(GuardSetting.TOPIC_APPROVED);
    Serializer<Routed> approvedWire =
        (topic, v) -> v == null ? null : ((Routed.Approved) v).wireValue();
    topology.addSink(APPROVED_SINK, approvedTopic, keys, approvedWire, ROUTER);
    if (config.flag(GuardSetting.APPROVED_PER_CHANNEL)) {
      TopicNameExtractor<String, Routed> perChannel =
          (key, value, ctx) -> approvedTopic + "." + ((Routed.Approved) value).channel();
      topology.addSink(APPROVED_PER_CHANNEL_SINK, perChannel, keys, approvedWire, ROUTER);
    }
    topology.addSink(
        DECISIONS_SINK,
        config.topic(GuardSetting.TOPIC_DECISIONS),
        keys,
        serdes.decision.serializer(),
        ROUTER);
    // Every decision passes here, so metrics need no hook inside the processors that decide.
    topology.addProcessor(decisionMetrics.name(), decisionMetrics.supplier(), ROUTER);
    topology.connectProcessorAndStateStores(decisionMetrics.name(), decisionMetrics.storeNames());
    topology.addSink(
        "fatigue-metrics-sink",
        config.topic(GuardSetting.TOPIC_METRICS),
        keys,
        serdes.metric.serializer(),
        decisionMetrics.name());
    topology.addSink(
        SUPPRESSED_SINK,
        config.topic(GuardSetting.TOPIC_SUPPRESSED),
        keys,
        serdes.suppressed.serializer(),
        ROUTER);
    topology.addSink(
        DEAD_LETTER_SINK,
        config.topic(GuardSetting.TOPIC_DLQ),
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        ROUTER);
  }
}
