package dev.fatigueguard.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records written with other versions of a schema than the reader's class. */
class SchemaEvolutionTest {

  private static final String SCOPE = "evolution-test";
  private static final String TOPIC = "outbound-messages";
  private static final OutboundMessage MESSAGE =
      (OutboundMessage) ConfluentFixtures.all().get(1).record();

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  /**
   * OutboundMessage as a newer sender might write it: an optional field inserted mid-record, a new
   * channel.
   */
  static Schema outboundWithLocaleInTheMiddle() {
    return evolve(
        fields -> {
          ObjectNode locale = fields.insertObject(2);
          locale.put("name", "locale");
          locale.putArray("type").add("null").add("string");
          locale.putNull("default");
          ObjectNode channel = (ObjectNode) fields.get(4).get("type");
          ((ArrayNode) channel.get("symbols")).add("RCS");
        });
  }

  /** A version with a mandatory field the current class lacks: it cannot read current records. */
  static Schema outboundWithRequiredField() {
    return evolve(fields -> fields.addObject().put("name", "region").put("type", "string"));
  }

  /** An older version, before tags, payloadRef and attributes existed. */
  static Schema outboundWithoutLaterFields() {
    return evolve(
        fields -> {
          for (int i = fields.size() - 1; i >= 0; i--) {
            String name = fields.get(i).get("name").asText();
            if (List.of("tags", "payloadRef", "attributes").contains(name)) {
              fields.remove(i);
            }
          }
        });
  }

  private static Schema evolve(Consumer<ArrayNode> change) {
    try {
      JsonNode json = ConfluentFixtures.JSON.readTree(OutboundMessage.getClassSchema().toString());
      change.accept((ArrayNode) json.get("fields"));
      return new Schema.Parser().parse(json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GenericRecord readGeneric(byte[] wireBytes, Schema schema) {
    try {
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(wireBytes, 5, wireBytes.length - 5, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * MESSAGE converted to {@code schema} by Avro resolution, as a sender on that schema would hold
   * it.
   */
  private static GenericRecord messageAs(Schema schema) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new org.apache.avro.specific.SpecificDatumWriter<OutboundMessage>(
              OutboundMessage.getClassSchema())
          .write(MESSAGE, encoder);
      encoder.flush();
      return new GenericDatumReader<GenericRecord>(OutboundMessage.getClassSchema(), schema)
          .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The wire bytes another producer would send: registered id, then the generic body. */
  private static byte[] wireBytes(int id, Schema schema, GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(
          new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends SpecificRecord> SpecificAvroDeserializer<T> deserializer(
      Class<T> type) {
    SpecificAvroDeserializer<T> deserializer =
        type == null ? new SpecificAvroDeserializer<>() : new SpecificAvroDeserializer<>(type);
    deserializer.configure(
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.SCHEME + SCOPE), false);
    return deserializer;
  }

  @Test
  void theCurrentClassReadsANewerWriterWithAnExtraFieldAndAnUnknownChannel() {
    Schema v2 = outboundWithLocaleInTheMiddle();
    int id = MockSchemaRegistry.getClientForScope(SCOPE).register(TOPIC + "-value", v2);
    GenericRecord newer = messageAs(v2);
    newer.put("locale", "fr-FR");
    newer.put("channel", new GenericData.EnumSymbol(v2.getField("channel").schema(), "RCS"));
    byte[] bytes = wireBytes(id, v2, newer);

    OutboundMessage expected =
        OutboundMessage.newBuilder(MESSAGE).setChannel(Channel.OTHER).build();
    assertThat(deserializer(OutboundMessage.class).deserialize(TOPIC, bytes)).isEqualTo(expected);
    assertThat(deserializer(null).deserialize(TOPIC, bytes))
        .as("reader class derived from the writer's name")
        .isEqualTo(expected);
  }

  @Test
  void theCurrentClassReadsAnOlderWriterAndFillsDefaults() {
    Schema v0 = outboundWithoutLaterFields();
    int id = MockSchemaRegistry.getClientForScope(SCOPE).register(TOPIC + "-value", v0);
    byte[] bytes = wireBytes(id, v0, messageAs(v0));

    OutboundMessage read = deserializer(OutboundMessage.class).deserialize(TOPIC, bytes);

    assertThat(read)
        .isEqualTo(
            OutboundMessage.newBuilder(MESSAGE)
                .setTags(List.of())
                .setPayloadRef(null)
                .setAttributes(Map.of())
                .build());
  }

  @Test
  void aWriterWhoseFieldTypeChangedIncompatiblyIsAWireFormatError() throws IOException {
    JsonNode json = ConfluentFixtures.JSON.readTree(OutboundMessage.getClassSchema().toString());
    ((ObjectNode) json.get("fields").get(0)).put("type", "int");
    Schema intIds = new Schema.Parser().parse(json.toString());
    int id = MockSchemaRegistry.getClientForScope(SCOPE).register(TOPIC + "-value", intIds);
    GenericRecord record = messageAs(outboundWithoutLaterFields());
    GenericRecord withIntId = new GenericData.Record(intIds);
    for (Schema.Field field : intIds.getFields()) {
      Schema.Field source = record.getSchema().getField(field.name());
      withIntId.put(
          field.name(),
          source == null ? GenericData.get().getDefaultValue(field) : record.get(source.name()));
    }
    withIntId.put("messageId", 42);
    byte[] bytes = wireBytes(id, intIds, withIntId);

    assertThatThrownBy(() -> deserializer(OutboundMessage.class).deserialize(TOPIC, bytes))
        .isInstanceOf(WireFormatException.class)
        .hasMessage(
            "writer schema dev.fatigueguard.avro.OutboundMessage (schema id 1) cannot be read as"
                + " dev.fatigueguard.avro.OutboundMessage: Found int, expecting string")
        .extracting(e -> ((WireFormatException) e).reason())
        .isEqualTo(WireFormatException.Reason.INCOMPATIBLE_SCHEMA);
  }

  @Test
  void anotherRecordTypeOnTheTopicIsAWireFormatError() {
    SpecificAvroSerializer<ContactDecision> serializer = new SpecificAvroSerializer<>();
    serializer.configure(
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.SCHEME + SCOPE), false);
    byte[] bytes =
        serializer.serialize(TOPIC, (ContactDecision) ConfluentFixtures.all().get(3).record());

    assertThatThrownBy(() -> deserializer(OutboundMessage.class).deserialize(TOPIC, bytes))
        .isInstanceOf(WireFormatException.class)
        .hasMessageStartingWith(
            "writer schema dev.fatigueguard.avro.ContactDecision (schema id 1) cannot be read as"
                + " dev.fatigueguard.avro.OutboundMessage: ")
        .extracting(e -> ((WireFormatException) e).reason())
        .isEqualTo(WireFormatException.Reason.INCOMPATIBLE_SCHEMA);
  }

  @Test
  void aWriterWithoutAGeneratedClassCannotBeDerived() {
    Schema unknown =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Unknown\",\"namespace\":\"com.example\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    int id = MockSchemaRegistry.getClientForScope(SCOPE).register(TOPIC + "-value", unknown);
    GenericRecord record = new GenericData.Record(unknown);
    record.put("a", 1);

    assertThatThrownBy(() -> deserializer(null).deserialize(TOPIC, wireBytes(id, unknown, record)))
        .isInstanceOf(WireFormatException.class)
        .hasMessage(
            "schema id 1 is com.example.Unknown, and no generated class com.example.Unknown is on the"
                + " classpath to read it into")
        .extracting(e -> ((WireFormatException) e).reason())
        .isEqualTo(WireFormatException.Reason.INCOMPATIBLE_SCHEMA);
  }
}
