package dev.fatigueguard.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every topic schema is kept in {@code schemas/history/<Name>/vN.avsc}. The newest snapshot must
 * equal the schema the build generates (so an edit forces a new snapshot), and every snapshot must
 * be backward- and forward-compatible with every other: new readers read old data, and gateways
 * still on an old schema read what the guard writes today.
 */
class SchemaEvolutionTest {

  private static final Path HISTORY = Path.of("history");

  static Stream<Schema> topicSchemas() {
    return Stream.of(
        OutboundMessage.SCHEMA$,
        ContactPreferences.SCHEMA$,
        ContactPolicy.SCHEMA$,
        ContactDecision.SCHEMA$,
        SuppressedMessage.SCHEMA$,
        FatigueMetric.SCHEMA$);
  }

  @ParameterizedTest
  @MethodSource("topicSchemas")
  void newestSnapshotIsTheCurrentSchema(Schema current) throws IOException {
    List<Schema> history = history(current.getName());
    assertThat(history).as("snapshots of %s", current.getName()).isNotEmpty();
    assertThat(history.get(history.size() - 1))
        .as(
            "%s changed: add history/%s/v%d.avsc with the new schema",
            current.getName(), current.getName(), history.size() + 1)
        .isEqualTo(current);
  }

  @ParameterizedTest
  @MethodSource("topicSchemas")
  void everySnapshotIsMutuallyCompatible(Schema current) throws IOException {
    List<Schema> versions = new ArrayList<>(history(current.getName()));
    versions.add(current);
    for (Schema older : versions) {
      for (Schema newer : versions) {
        assertThat(compatibility(newer, older))
            .as("reader %s must read data written with writer %s", newer, older)
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  /** The check above is only worth something if it catches a breaking edit. */
  @Test
  void aFieldAddedWithoutDefaultIsCaughtAsBackwardIncompatible() {
    Schema old = OutboundMessage.SCHEMA$;
    Schema broken = withExtraField(old, "\"type\": \"string\"");
    assertThat(compatibility(broken, old)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    Schema fine = withExtraField(old, "\"type\": [\"null\", \"string\"], \"default\": null");
    assertThat(compatibility(fine, old)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(compatibility(old, fine)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void aChannelAddedLaterIsReadAsOtherByTodaysReaders() throws IOException {
    String futureJson =
        OutboundMessage.SCHEMA$
            .toString()
            .replace("\"DIRECT_MAIL\",\"OTHER\"", "\"DIRECT_MAIL\",\"RCS\",\"OTHER\"");
    Schema future = new Schema.Parser().parse(futureJson);
    assertThat(compatibility(OutboundMessage.SCHEMA$, future))
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

    GenericRecord written = new GenericData.Record(future);
    written.put("messageId", "m-1");
    written.put("customerId", "c-1");
    written.put("channel", new GenericData.EnumSymbol(future.getField("channel").schema(), "RCS"));
    written.put("category", "MARKETING");
    written.put("tags", List.of());
    written.put("priority", 0);
    written.put("createdAt", 1_700_000_000_000L);
    written.put("deferrable", true);
    written.put("attributes", java.util.Map.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(future).write(written, encoder);
    encoder.flush();

    var reader =
        new org.apache.avro.specific.SpecificDatumReader<OutboundMessage>(
            future, OutboundMessage.SCHEMA$);
    OutboundMessage read =
        reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    assertThat(read.getChannel()).isEqualTo(Channel.OTHER);
    assertThat(read.getMessageId()).isEqualTo("m-1");
  }

  @Test
  void aCategoryNobodyHasSeenYetNeedsNoSchemaChange() {
    // Categories are an open set (a string), so a new one is just data. Turning the field into an
    // enum
    // would make every new category a schema change: that is what this guards against.
    Schema category = OutboundMessage.SCHEMA$.getField("category").schema();
    assertThat(category.getType()).isEqualTo(Schema.Type.STRING);
    OutboundMessage m =
        OutboundMessage.newBuilder()
            .setMessageId("m")
            .setCustomerId("c")
            .setChannel(Channel.EMAIL)
            .setCategory("LOYALTY")
            .setCreatedAt(java.time.Instant.EPOCH)
            .build();
    assertThat(m.getCategory()).isEqualTo("LOYALTY");
  }

  private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
  }

  private static Schema withExtraField(Schema base, String typeAndDefault) {
    String json = base.toString();
    int end = json.lastIndexOf(']');
    String patched =
        json.substring(0, end)
            + ",{\"name\":\"addedLater\","
            + typeAndDefault
            + "}"
            + json.substring(end);
    return new Schema.Parser().parse(patched);
  }

  private static List<Schema> history(String name) throws IOException {
    Path dir = HISTORY.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted(Comparator.comparingInt(SchemaEvolutionTest::versionOf))
          .map(SchemaEvolutionTest::parse)
          .toList();
    }
  }

  private static int versionOf(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring(1, n.length() - ".avsc".length()));
  }

  private static Schema parse(Path p) {
    try {
      return new Schema.Parser().parse(p.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p, e);
    }
  }
}
