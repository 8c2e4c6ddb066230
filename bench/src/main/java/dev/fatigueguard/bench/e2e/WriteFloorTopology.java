package dev.fatigueguard.bench.e2e;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least any guard must do per message by the product spec, with no rules at all: decode the
 * message, write it (its bytes, as the guard forwards approved messages), write one {@link
 * ContactDecision} to the audit log, and update the customer's state in a logged RocksDB store (one
 * put, one changelog record). No reads, no decisions, one input partition per task, a decision
 * without window counts and a state value smaller than any real ledger: every shortcut makes this
 * cheaper than a real guard, so the ratio floor / pass-through bounds what any implementation of
 * the spec can reach on the same machine.
 */
public final class WriteFloorTopology {

  static final String STORE = "floor-state";

  private WriteFloorTopology() {}

  public static Topology build(
      String input,
      String approved,
      String decisions,
      SpecificAvroSerde<OutboundMessage> messages,
      SpecificAvroSerde<ContactDecision> decisionSerde) {
    Topology topology = new Topology();
    topology.addSource(
        "floor-source", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input);
    topology.addProcessor(
        "floor", () -> new FloorProcessor(messages.deserializer(), input), "floor-source");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled(),
        "floor");
    topology.addSink(
        "floor-approved",
        approved,
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer(),
        "floor");
    topology.addSink(
        "floor-decisions",
        decisions,
        Serdes.String().serializer(),
        decisionSerde.serializer(),
        "floor");
    return topology;
  }

  private static final class FloorProcessor implements Processor<String, byte[], String, Object> {

    private final Deserializer<OutboundMessage> deserializer;
    private final String input;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> state;

    FloorProcessor(Deserializer<OutboundMessage> deserializer, String input) {
      this.deserializer = deserializer;
      this.input = input;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
      this.state = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      OutboundMessage m = deserializer.deserialize(input, record.headers(), record.value());
      String customerId = m.getCustomerId();
      state.put(customerId, m.getMessageId().getBytes(StandardCharsets.UTF_8));
      context.forward(record.withKey(customerId), "floor-approved");
      ContactDecision decision =
          ContactDecision.newBuilder()
              .setMessageId(m.getMessageId())
              .setCustomerId(customerId)
              .setTenant(m.getTenant())
              .setChannel(m.getChannel())
              .setCategory(m.getCategory() == null ? "" : m.getCategory())
              .setCampaignId(m.getCampaignId())
              .setDecision(Decision.APPROVED)
              .setWindowCounts(List.of())
              .setDecidedAt(java.time.Instant.ofEpochMilli(record.timestamp()))
              .setMessageCreatedAt(m.getCreatedAt())
              .setPriority(m.getPriority())
              .build();
      context.forward(
          new Record<String, Object>(customerId, decision, record.timestamp()), "floor-decisions");
    }
  }
}
