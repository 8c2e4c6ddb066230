package dev.fatigueguard.serde;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the Java side of the Confluent fixtures into src/test/resources (step 1 of
 * src/test/confluent-fixtures/README.md). Not a test: its name keeps it out of the normal test run,
 * and the property keeps an explicit {@code -Dtest} from rewriting committed files by accident.
 */
@EnabledIfSystemProperty(named = "fixtures.regenerate", matches = "true")
class ConfluentFixtureGenerator {

  @Test
  void writeJavaSideFixtures() throws IOException {
    String scope = "confluent-fixture-generator";
    MockSchemaRegistry.dropScope(scope);
    ConfluentFixtures.registerInFixtureOrder(MockSchemaRegistry.getClientForScope(scope));

    Path dir = ConfluentFixtures.SOURCE_DIR;
    Files.createDirectories(dir.resolve("schemas"));
    Files.createDirectories(dir.resolve("java-written"));
    Files.writeString(
        dir.resolve("schemas/OutboundMessage.avsc.json"),
        OutboundMessage.getClassSchema().toString(),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("schemas/ContactDecision.avsc.json"),
        ContactDecision.getClassSchema().toString(),
        StandardCharsets.UTF_8);

    try (SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>()) {
      serializer.configure(
          Map.of(
              AvroSerdeConfig.SCHEMA_REGISTRY_URL,
              MockSchemaRegistry.SCHEME + scope,
              AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
              false),
          false);
      for (ConfluentFixtures.Fixture fixture : ConfluentFixtures.all()) {
        Files.write(
            dir.resolve("java-written/" + fixture.name() + ".bin"),
            serializer.serialize(fixture.topic(), fixture.record()));
        Files.writeString(
            dir.resolve("java-written/" + fixture.name() + ".json"),
            ConfluentFixtures.JSON
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(
                        ConfluentFixtures.plainJson(fixture.record(), fixture.record().getSchema()))
                + "\n",
            StandardCharsets.UTF_8);
      }
    }
    MockSchemaRegistry.dropScope(scope);
  }
}
