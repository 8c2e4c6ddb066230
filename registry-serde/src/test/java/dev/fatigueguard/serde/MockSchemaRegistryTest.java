package dev.fatigueguard.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import dev.fatigueguard.serde.registry.RegisteredSchema;
import dev.fatigueguard.serde.registry.SchemaRegistryClient;
import dev.fatigueguard.serde.registry.SchemaRegistryException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code mock://scope} registries: shared per scope, numbered like the real registry. */
class MockSchemaRegistryTest {

  private static final Schema OUTBOUND = OutboundMessage.getClassSchema();
  private static final Schema DECISION = ContactDecision.getClassSchema();
  private static final OutboundMessage MESSAGE =
      (OutboundMessage) ConfluentFixtures.all().get(1).record();

  @AfterEach
  void dropScopes() {
    MockSchemaRegistry.dropScope("a");
    MockSchemaRegistry.dropScope("b");
  }

  @Test
  void idsCountFromOneAndASchemaKeepsItsIdAcrossSubjects() {
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope("a");

    assertThat(registry.register("x-value", OUTBOUND)).isEqualTo(1);
    assertThat(registry.register("x-value", OUTBOUND)).as("again, same subject").isEqualTo(1);
    assertThat(registry.register("y-value", DECISION)).isEqualTo(2);
    assertThat(registry.register("z-value", OUTBOUND))
        .as("same schema, another subject")
        .isEqualTo(1);
    assertThat(registry.register("x-value", SchemaEvolutionTest.outboundWithLocaleInTheMiddle()))
        .isEqualTo(3);

    assertThat(registry.allVersions("x-value"))
        .extracting(RegisteredSchema::id, RegisteredSchema::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(3, 2));
    assertThat(registry.getLatestVersion("z-value"))
        .isEqualTo(new RegisteredSchema("z-value", 1, 1, OUTBOUND));
    assertThat(registry.getId("y-value", DECISION)).isEqualTo(2);
    assertThat(registry.getSchemaById(2)).isEqualTo(DECISION);
  }

  @Test
  void unknownThingsFailWithTheRealRegistrysCodes() {
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope("a");
    registry.register("x-value", OUTBOUND);

    assertThatThrownBy(() -> registry.getSchemaById(9))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage(
            "Schema registry mock://a answered GET /schemas/ids/9 (schema id 9) with HTTP 404,"
                + " error_code 40403: Schema 9 not found");
    assertThatThrownBy(() -> registry.getLatestVersion("nope"))
        .isInstanceOf(SchemaRegistryException.class)
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(40401);
    assertThatThrownBy(() -> registry.getId("x-value", DECISION))
        .isInstanceOf(SchemaRegistryException.class)
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(40403);
  }

  @Test
  void serdesOfOneScopeShareItAndOtherScopesDoNot() {
    SpecificAvroSerializer<OutboundMessage> writer = new SpecificAvroSerializer<>();
    writer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://a"), false);
    SpecificAvroDeserializer<OutboundMessage> sameScope =
        new SpecificAvroDeserializer<>(OutboundMessage.class);
    sameScope.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://a"), false);
    SpecificAvroDeserializer<OutboundMessage> otherScope =
        new SpecificAvroDeserializer<>(OutboundMessage.class);
    otherScope.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://b"), false);

    byte[] bytes = writer.serialize("t", MESSAGE);

    assertThat(sameScope.deserialize("t", bytes)).isEqualTo(MESSAGE);
    assertThatThrownBy(() -> otherScope.deserialize("t", bytes))
        .isInstanceOf(WireFormatException.class)
        .hasMessage(
            "unknown schema id 1 at offset 1: mock://b has no such schema (HTTP 404, error_code 40403)");
    assertThat(
            SchemaRegistryClient.forConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://a")))
        .isSameAs(MockSchemaRegistry.getClientForScope("a"));
  }

  @Test
  void droppingAScopeStartsItAfresh() {
    MockSchemaRegistry.getClientForScope("a").register("x-value", DECISION);
    MockSchemaRegistry.dropScope("a");

    assertThat(MockSchemaRegistry.getClientForScope("a").subjects()).isEmpty();
    assertThat(MockSchemaRegistry.getClientForScope("a").register("x-value", OUTBOUND))
        .isEqualTo(1);
  }

  @Test
  void aMockUrlMustStandAlone() {
    assertThatThrownBy(
            () ->
                SchemaRegistryClient.forConfig(
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://a,http://registry:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a mock:// URL must be the only one");
  }
}
