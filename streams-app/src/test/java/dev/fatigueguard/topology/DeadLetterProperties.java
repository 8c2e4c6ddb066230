package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.streams.test.TestRecord;

/**
 * SPEC invariant 4 on the real topology: whatever bytes arrive on the input topic — random bytes,
 * truncated Avro, a record written with a foreign schema, an id the registry does not know — each
 * bad record ends in the DLQ, as received, with a reason, and the good message right after it is
 * still decided. The guard never stops (the driver would throw).
 */
class DeadLetterProperties {

  private static final Instant T0 = GuardDriver.T0;

  /** One bad input, built once the driver (and its registry scope) exists. */
  sealed interface Bad {
    byte[] bytes(GuardDriver guard);
  }

  record RandomBytes(byte[] value) implements Bad {
    @Override
    public byte[] bytes(GuardDriver guard) {
      return value;
    }
  }

  /** A valid message cut short after {@code keepPermille}/1000 of its bytes. */
  record Truncated(int keepPermille) implements Bad {
    @Override
    public byte[] bytes(GuardDriver guard) {
      byte[] whole = guard.wire(GuardDriver.message("cut", "c-cut").build());
      return Arrays.copyOf(whole, whole.length * keepPermille / 1000);
    }
  }

  /** A record of another schema, registered in the same registry, under its own id. */
  record Foreign(String field, int type, long value) implements Bad {
    @Override
    public byte[] bytes(GuardDriver guard) {
      Schema.Type[] types = {Schema.Type.STRING, Schema.Type.LONG, Schema.Type.BOOLEAN};
      Schema.Type chosen = types[type];
      Schema schema =
          SchemaBuilder.record("Foreign" + type)
              .namespace("com.example")
              .fields()
              .name(field)
              .type(Schema.create(chosen))
              .noDefault()
              .endRecord();
      GenericRecord record = new GenericData.Record(schema);
      record.put(
          field,
          switch (chosen) {
            case STRING -> "v" + value;
            case LONG -> value;
            default -> value % 2 == 0;
          });
      int id = registry(guard).register("foreign-value", schema);
      return framed(id, encode(schema, record));
    }
  }

  /** The wire format's frame around an id the registry never issued, with any body. */
  record UnknownId(int id, byte[] body) implements Bad {
    @Override
    public byte[] bytes(GuardDriver guard) {
      return framed(id, body);
    }
  }

  /** OutboundMessage's own id, followed by bytes that are not an OutboundMessage. */
  record GarbageBody(byte[] body) implements Bad {
    @Override
    public byte[] bytes(GuardDriver guard) {
      byte[] good = guard.wire(GuardDriver.message("x", "c-x").build());
      return framed(ByteBuffer.wrap(good, 1, 4).getInt(), body);
    }
  }

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void everyBadRecordEndsInTheDlqWithItsReasonAndTheNextGoodOneIsDecided(
      @ForAll("badInputs") List<Bad> inputs) {
    try (GuardDriver guard = new GuardDriver()) {
      guard.policy("{\"tenant\":\"default\"}");
      List<byte[]> sentBad = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        byte[] bad = inputs.get(i).bytes(guard);
        sentBad.add(bad);
        guard.rawInput.pipeInput("k".getBytes(StandardCharsets.UTF_8), bad, T0.plusSeconds(i));
        guard.send(
            GuardDriver.message("good-" + i, "c" + i % 3).setCreatedAt(T0).build(),
            T0.plusSeconds(i));
      }

      List<TestRecord<byte[], byte[]>> letters = guard.deadLetters();
      assertThat(letters).extracting(TestRecord::value).containsExactlyElementsOf(sentBad);
      for (TestRecord<byte[], byte[]> letter : letters) {
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).isNotBlank();
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.STAGE)).isNotBlank();
      }
      List<String> approvedGood =
          guard.decisions().stream()
              .filter(d -> d.getMessageId().startsWith("good-"))
              .filter(d -> d.getDecision() == Decision.APPROVED)
              .map(ContactDecision::getMessageId)
              .toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        expected.add("good-" + i);
      }
      assertThat(approvedGood).containsExactlyElementsOf(expected);
    }
  }

  @Provide
  Arbitrary<List<Bad>> badInputs() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    Arbitrary<Bad> random = bytes.map(RandomBytes::new);
    Arbitrary<Bad> truncated = Arbitraries.integers().between(0, 999).map(Truncated::new);
    Arbitrary<Bad> foreign =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs())
            .as(Foreign::new);
    Arbitrary<Bad> unknownId =
        Combinators.combine(Arbitraries.integers().between(1000, Integer.MAX_VALUE), bytes)
            .as(UnknownId::new);
    Arbitrary<Bad> garbage = bytes.map(GarbageBody::new);
    return Arbitraries.oneOf(random, truncated, foreign, unknownId, garbage)
        .list()
        .ofMinSize(1)
        .ofMaxSize(12);
  }

  private static MockSchemaRegistry registry(GuardDriver guard) {
    String url = guard.config.serdeConfig().get(GuardConfig.SCHEMA_REGISTRY_URL).toString();
    return MockSchemaRegistry.getClientForScope(url.substring(MockSchemaRegistry.SCHEME.length()));
  }

  private static byte[] framed(int id, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
  }

  private static byte[] encode(Schema schema, GenericRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
