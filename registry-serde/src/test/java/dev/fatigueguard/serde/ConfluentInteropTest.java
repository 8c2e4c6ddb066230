package dev.fatigueguard.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our serde against Confluent's own, through the committed fixtures of src/test/confluent-fixtures
 * (its README says how they were made): Confluent's serializer wrote confluent-written/*.bin, its
 * deserializer read our java-written/*.bin into confluent-decoded/*.json.
 */
class ConfluentInteropTest {

  private static final String SCOPE = "confluent-interop";

  private SpecificAvroSerde<SpecificRecord> serde;

  static List<ConfluentFixtures.Fixture> fixtures() {
    return ConfluentFixtures.all();
  }

  @BeforeEach
  void registerLikeGenerateMjs() {
    ConfluentFixtures.registerInFixtureOrder(MockSchemaRegistry.getClientForScope(SCOPE));
    serde = new SpecificAvroSerde<>();
    serde.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            MockSchemaRegistry.SCHEME + SCOPE,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            false),
        false);
  }

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void confluentRegisteredExactlyOurGeneratedSchemas() {
    assertThat(
            new String(
                ConfluentFixtures.resource("schemas/OutboundMessage.avsc.json"),
                StandardCharsets.UTF_8))
        .as("schemas changed: regenerate the fixtures (src/test/confluent-fixtures/README.md)")
        .isEqualTo(OutboundMessage.getClassSchema().toString());
    assertThat(
            new String(
                ConfluentFixtures.resource("schemas/ContactDecision.avsc.json"),
                StandardCharsets.UTF_8))
        .as("schemas changed: regenerate the fixtures (src/test/confluent-fixtures/README.md)")
        .isEqualTo(ContactDecision.getClassSchema().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void ourDeserializerReadsWhatConfluentsSerializerWrote(ConfluentFixtures.Fixture fixture) {
    byte[] confluent = ConfluentFixtures.resource("confluent-written/" + fixture.name() + ".bin");

    SpecificRecord read = serde.deserializer().deserialize(fixture.topic(), confluent);

    assertThat(read).isEqualTo(fixture.record());
    assertThat(ConfluentFixtures.plainJson(read, read.getSchema()))
        .as("the values generate.mjs serialized")
        .isEqualTo(ConfluentFixtures.jsonResource("confluent-written/" + fixture.name() + ".json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void ourSerializerStillWritesTheBytesConfluentDecoded(ConfluentFixtures.Fixture fixture) {
    byte[] ours = serde.serializer().serialize(fixture.topic(), fixture.record());

    assertThat(ours)
        .isEqualTo(ConfluentFixtures.resource("java-written/" + fixture.name() + ".bin"));
    assertThat(ours)
        .as("the bytes Confluent's own serializer wrote for the same record")
        .isEqualTo(ConfluentFixtures.resource("confluent-written/" + fixture.name() + ".bin"));
    assertThat(ByteBuffer.wrap(ours, 1, 4).getInt())
        .isEqualTo(
            fixture.topic().equals(ConfluentFixtures.OUTBOUND_TOPIC)
                ? ConfluentFixtures.OUTBOUND_ID
                : ConfluentFixtures.DECISION_ID);
    assertThat(ConfluentFixtures.jsonResource("confluent-decoded/" + fixture.name() + ".json"))
        .as("what Confluent's deserializer read from our bytes")
        .isEqualTo(ConfluentFixtures.plainJson(fixture.record(), fixture.record().getSchema()));
  }
}
