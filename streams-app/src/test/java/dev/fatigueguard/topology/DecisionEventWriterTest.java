package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.avro.WindowCount;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The hand-written decision event writer against Avro's own, byte for byte. */
class DecisionEventWriterTest {

  private static final OutboundMessage MESSAGE =
      GuardDriver.message("m-1", "c-1").setTenant("acme").setCampaignId("spring").build();

  @Test
  void isWrittenForTheSchemaTheBuildGenerated() {
    assertThat(DecisionEventWriter.fingerprint(ContactDecision.SCHEMA$))
        .as(
            "ContactDecision.avsc changed: update DecisionEventWriter's field order and"
                + " WRITTEN_FOR, else the guard falls back to Avro's slower writer")
        .isEqualTo(DecisionEventWriter.WRITTEN_FOR);
    assertThat(DecisionEventWriter.matchesGeneratedSchema()).isTrue();
  }

  @Test
  void takesOverOnlyForSchemasThatHoldTheDecisionEvent() {
    assertThat(writerFor(ContactDecision.SCHEMA$)).isInstanceOf(DecisionEventWriter.class);
    assertThat(writerFor(SuppressedMessage.SCHEMA$)).isInstanceOf(DecisionEventWriter.class);
    assertThat(writerFor(OutboundMessage.SCHEMA$)).isNotInstanceOf(DecisionEventWriter.class);
  }

  @Property(tries = 500)
  void writesTheSameBytesAsAvro(@ForAll("decisions") ContactDecision decision) throws IOException {
    assertThat(encode(writerFor(ContactDecision.SCHEMA$), decision))
        .isEqualTo(encode(avroWriter(ContactDecision.SCHEMA$), decision));
  }

  @Property(tries = 200)
  void writesTheSuppressedCopyAsAvroDoes(@ForAll("decisions") ContactDecision decision)
      throws IOException {
    SuppressedMessage suppressed = new SuppressedMessage(MESSAGE, decision);
    assertThat(encode(writerFor(SuppressedMessage.SCHEMA$), suppressed))
        .isEqualTo(encode(avroWriter(SuppressedMessage.SCHEMA$), suppressed));
  }

  @Test
  void theGuardsSerializerWritesWhatAvrosDoesWithTheSameSchemaId() {
    ContactDecision decision = decision(List.of(new WindowCount("default/daily", 2, 4, "P1D")));
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope("decision-event-writer");
    SpecificAvroSerializer<ContactDecision> avro = new SpecificAvroSerializer<>(registry);
    SpecificAvroSerializer<ContactDecision> guard =
        new SpecificAvroSerializer<>(registry, DecisionEventWriter.FACTORY);
    avro.configure(Map.of("schema.registry.url", "mock://decision-event-writer"), false);
    guard.configure(Map.of("schema.registry.url", "mock://decision-event-writer"), false);

    assertThat(guard.serialize("decisions", decision))
        .isEqualTo(avro.serialize("decisions", decision));
  }

  @Test
  void refusesANullInARequiredFieldAsAvroDoes() {
    ContactDecision decision = decision(List.of());
    decision.setMessageId(null);
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope("decision-event-null");
    SpecificAvroSerializer<ContactDecision> guard =
        new SpecificAvroSerializer<>(registry, DecisionEventWriter.FACTORY);

    assertThatThrownBy(() -> guard.serialize("decisions", decision))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("ContactDecision.messageId");
  }

  @Provide
  Arbitrary<ContactDecision> decisions() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
    Arbitrary<String> optional = text.injectNull(0.4);
    Arbitrary<Instant> instant =
        Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
    Arbitrary<WindowCount> count =
        Combinators.combine(
                text,
                Arbitraries.integers().between(-1, Integer.MAX_VALUE),
                Arbitraries.integers(),
                text)
            .as(WindowCount::new);
    Arbitrary<ContactDecision> ids =
        Combinators.combine(
                text,
                text,
                optional,
                Arbitraries.of(Channel.class),
                text,
                optional,
                Arbitraries.of(Decision.class),
                Arbitraries.of(DropReason.class).injectNull(0.4))
            .as(
                (messageId, customerId, tenant, channel, category, campaign, decision, reason) ->
                    ContactDecision.newBuilder()
                        .setMessageId(messageId)
                        .setCustomerId(customerId)
                        .setTenant(tenant)
                        .setChannel(channel)
                        .setCategory(category)
                        .setCampaignId(campaign)
                        .setDecision(decision)
                        .setReason(reason)
                        .setDecidedAt(Instant.EPOCH)
                        .setMessageCreatedAt(Instant.EPOCH)
                        .build());
    return Combinators.combine(
            ids,
            optional,
            optional,
            count.list().ofMaxSize(6),
            instant,
            instant.injectNull(0.5),
            instant.injectNull(0.5),
            Arbitraries.integers())
        .as(
            (d, ruleId, detail, counts, decidedAt, releaseAt, heldSince, priority) -> {
              d.setRuleId(ruleId);
              d.setDetail(detail);
              d.setWindowCounts(new ArrayList<>(counts));
              d.setDecidedAt(decidedAt);
              d.setReleaseAt(releaseAt);
              d.setHeldSince(heldSince);
              d.setMessageCreatedAt(decidedAt.minusSeconds(60));
              d.setPriority(priority);
              return d;
            });
  }

  private static ContactDecision decision(List<WindowCount> counts) {
    return ContactDecision.newBuilder()
        .setMessageId("m-1")
        .setCustomerId("c-1")
        .setChannel(Channel.SMS)
        .setCategory("MARKETING")
        .setDecision(Decision.DROPPED)
        .setReason(DropReason.CAP_EXCEEDED)
        .setRuleId("default/daily")
        .setWindowCounts(counts)
        .setDecidedAt(Instant.parse("2026-12-02T10:00:00.123Z"))
        .setMessageCreatedAt(Instant.parse("2026-12-02T09:59:00Z"))
        .build();
  }

  private static DatumWriter<Object> writerFor(Schema schema) {
    return DecisionEventWriter.FACTORY.create(schema, modelOf(schema));
  }

  private static DatumWriter<Object> avroWriter(Schema schema) {
    return new SpecificDatumWriter<>(schema, modelOf(schema));
  }

  private static SpecificData modelOf(Schema schema) {
    return schema == ContactDecision.SCHEMA$
        ? new ContactDecision().getSpecificData()
        : new SuppressedMessage().getSpecificData();
  }

  private static byte[] encode(DatumWriter<Object> writer, Object datum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
