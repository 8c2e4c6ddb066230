package dev.fatigueguard.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.WireFormatException.Reason;
import dev.fatigueguard.serde.registry.EmulatedRegistry;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import dev.fatigueguard.serde.registry.SchemaRegistryClientConfig;
import dev.fatigueguard.serde.registry.SchemaRegistryException;
import dev.fatigueguard.serde.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not a readable record give a {@link WireFormatException} saying exactly what is
 * wrong (the reason a topology puts on the dead-letter record), and nothing else; registry trouble
 * gives something that is not a {@code WireFormatException}.
 */
class CorruptInputTest {

  private static final String SCOPE = "corrupt";
  private static final String TOPIC = "outbound-messages";

  private SpecificAvroDeserializer<OutboundMessage> deserializer;

  /** 40 bytes: see the offsets in {@link #minimalLayout}. */
  private byte[] minimal;

  private byte[] full;

  @BeforeEach
  void setUp() {
    Map<String, Object> config =
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.SCHEME + SCOPE);
    SpecificAvroSerializer<OutboundMessage> serializer = new SpecificAvroSerializer<>();
    serializer.configure(config, false);
    minimal =
        serializer.serialize(TOPIC, (OutboundMessage) ConfluentFixtures.all().get(0).record());
    full = serializer.serialize(TOPIC, (OutboundMessage) ConfluentFixtures.all().get(1).record());
    deserializer = new SpecificAvroDeserializer<>(OutboundMessage.class);
    deserializer.configure(config, false);
  }

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void minimalLayout() {
    // The offsets the tests below corrupt: 5 messageId, 9 customerId, 13 tenant union, 14 channel
    // enum,
    // 15 category, 25 campaignId, 26 tags, 27 priority, 28-33 createdAt, 34 expiresAt, 35
    // deferrable,
    // 36 payload, 37 payloadRef, 38 attributes, 39 collapseKey.
    assertThat(minimal).hasSize(40);
    assertThat(Arrays.copyOfRange(minimal, 0, 16))
        .containsExactly(0, 0, 0, 0, 1, 6, 'm', '-', '1', 6, 'c', '-', '1', 0, 0, 18);
    assertThat(Arrays.copyOfRange(minimal, 34, 40)).containsExactly(0, 1, 0, 0, 0, 0);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertCorrupt(
      byte[] bytes, Reason reason, String message) {
    return assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(WireFormatException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((WireFormatException) e).reason()).isEqualTo(reason));
  }

  private static byte[] with(byte[] bytes, int offset, int... values) {
    byte[] copy = bytes.clone();
    for (int i = 0; i < values.length; i++) {
      copy[offset + i] = (byte) values[i];
    }
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] header(int id, int... body) {
    byte[] out = new byte[5 + body.length];
    out[1] = (byte) (id >>> 24);
    out[2] = (byte) (id >>> 16);
    out[3] = (byte) (id >>> 8);
    out[4] = (byte) id;
    for (int i = 0; i < body.length; i++) {
      out[5 + i] = (byte) body[i];
    }
    return out;
  }

  @Test
  void emptyAndShortRecords() {
    assertCorrupt(
        new byte[0],
        Reason.TOO_SHORT,
        "empty record (0 bytes): not Confluent wire format (a tombstone is null, not empty)");
    assertCorrupt(
        new byte[] {0, 0, 0},
        Reason.TOO_SHORT,
        "record of 3 bytes is too short for the 5-byte"
            + " Confluent wire-format header (magic byte 0x00 + 4-byte schema id)");
    assertCorrupt(
        new byte[] {0},
        Reason.TOO_SHORT,
        "record of 1 byte is too short for the 5-byte"
            + " Confluent wire-format header (magic byte 0x00 + 4-byte schema id)");
  }

  @Test
  void unknownMagicBytesSayWhatTheDataLooksLike() {
    assertCorrupt(
        "{\"messageId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8),
        Reason.UNKNOWN_MAGIC_BYTE,
        "unknown magic byte 0x7b at offset 0: not Confluent wire format (JSON?)");
    assertCorrupt(
        "hello world".getBytes(StandardCharsets.UTF_8),
        Reason.UNKNOWN_MAGIC_BYTE,
        "unknown magic byte 0x68 at offset 0: not Confluent wire format (plain text?)");
    assertCorrupt(
        with(minimal, 0, 1),
        Reason.UNKNOWN_MAGIC_BYTE,
        "unknown magic byte 0x01 at offset 0: not Confluent"
            + " wire format (magic byte 1 is Confluent's schema-GUID framing, which this deserializer does not read)");
    assertCorrupt(
        new byte[] {'O', 'b', 'j', 1, 4, 0x14},
        Reason.UNKNOWN_MAGIC_BYTE,
        "unknown magic byte 0x4f at offset 0: not Confluent wire format (an Avro object container file?)");
    assertCorrupt(
        with(minimal, 0, 0xff),
        Reason.UNKNOWN_MAGIC_BYTE,
        "unknown magic byte 0xff at offset 0: not Confluent wire format");
  }

  @Test
  void unknownAndNegativeSchemaIds() {
    assertCorrupt(
        header(4711, 0),
        Reason.UNKNOWN_SCHEMA_ID,
        "unknown schema id 4711 at offset 1: mock://corrupt has no such schema (HTTP 404, error_code 40403)");
    assertCorrupt(
        with(minimal, 1, 0x80),
        Reason.UNKNOWN_SCHEMA_ID,
        "schema id -2147483647 at offset 1 is negative: no registry assigns it");
  }

  @Test
  void truncatedBodies() {
    assertCorrupt(
        Arrays.copyOf(minimal, 38),
        Reason.TRUNCATED_BODY,
        "truncated Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 38 bytes): long at offset 38 runs past"
            + " the end of the record at offset 38");
    assertCorrupt(
        Arrays.copyOf(minimal, 8),
        Reason.TRUNCATED_BODY,
        "truncated Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 8 bytes): string of 3 bytes at offset 5"
            + " runs past the end of the record at offset 8 (2 bytes left)");
    assertCorrupt(
        Arrays.copyOf(minimal, 5),
        Reason.TRUNCATED_BODY,
        "truncated Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 5 bytes): long at offset 5 runs past"
            + " the end of the record at offset 5");
  }

  @Test
  void everyPrefixOfARecordIsRejectedAsShortOrTruncated() {
    for (int length = 0; length < full.length; length++) {
      Throwable thrown = catchThrowable(deserializeFn(Arrays.copyOf(full, length)));
      assertThat(thrown).as("prefix of %d bytes", length).isInstanceOf(WireFormatException.class);
      assertThat(((WireFormatException) thrown).reason())
          .as("prefix of %d bytes", length)
          .isEqualTo(length < 5 ? Reason.TOO_SHORT : Reason.TRUNCATED_BODY);
    }
  }

  private org.assertj.core.api.ThrowableAssert.ThrowingCallable deserializeFn(byte[] bytes) {
    return () -> deserializer.deserialize(TOPIC, bytes);
  }

  @Test
  void aHugeLengthIsRejectedBeforeAnythingIsAllocated() {
    // A messageId length of Integer.MAX_VALUE: Avro's own decoder would allocate 2 GiB first.
    assertCorrupt(
        header(1, 0xfe, 0xff, 0xff, 0xff, 0x0f),
        Reason.TRUNCATED_BODY,
        "truncated Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 10 bytes): string of 2147483647 bytes"
            + " at offset 5 runs past the end of the record at offset 10 (0 bytes left)");
    // 100 million tags announced in a 40-byte record.
    assertCorrupt(
        with(minimal, 26, 0x80, 0x84, 0xaf, 0x5f),
        Reason.TRUNCATED_BODY,
        "truncated Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 40 bytes): array block of 100000000 items"
            + " at offset 26 cannot fit in the 10 bytes left before offset 40");
  }

  @Test
  void malformedBodies() {
    assertCorrupt(
        header(1, 0x01),
        Reason.MALFORMED_BODY,
        "malformed Avro body of dev.fatigueguard.avro.OutboundMessage"
            + " (schema id 1, record of 6 bytes): string at offset 5 has negative length -1");
    assertCorrupt(
        with(minimal, 35, 2),
        Reason.MALFORMED_BODY,
        "malformed Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 40 bytes): boolean byte 0x02 at offset 35"
            + " is neither 0 nor 1");
    assertCorrupt(
        with(minimal, 27, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
        Reason.MALFORMED_BODY,
        "malformed Avro body"
            + " of dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 40 bytes): int at offset 27 has more"
            + " than 5 varint bytes");
    assertCorrupt(
        with(minimal, 13, 4),
        Reason.MALFORMED_BODY,
        "malformed Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 40 bytes): union branch or enum symbol"
            + " index out of range before offset 14 (Index 2 out of bounds for length 2)");
    assertCorrupt(
        with(minimal, 14, 0x54),
        Reason.MALFORMED_BODY,
        "malformed Avro body of"
            + " dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 40 bytes): union branch or enum symbol"
            + " index out of range before offset 15 (Index 42 out of bounds for length 9)");
  }

  @Test
  void trailingBytes() {
    assertCorrupt(
        concat(minimal, new byte[] {1, 2, 3}),
        Reason.TRAILING_BYTES,
        "3 trailing bytes at offset 40 after"
            + " a complete dev.fatigueguard.avro.OutboundMessage (schema id 1, record of 43 bytes): the body was not"
            + " written with that schema");
  }

  @Test
  void garbageNeverEscapesAsAnythingButAWireFormatException() {
    Random random = new Random(20261127);
    Map<Reason, Integer> seen = new EnumMap<>(Reason.class);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes;
      if (i % 2 == 0) {
        bytes = header(1, new int[0]);
        bytes = concat(bytes, randomBytes(random, random.nextInt(64)));
      } else {
        bytes = full.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          bytes[5 + random.nextInt(bytes.length - 5)] = (byte) random.nextInt(256);
        }
      }
      byte[] input = bytes;
      Throwable thrown = catchThrowable(() -> deserializer.deserialize(TOPIC, input));
      if (thrown != null) {
        assertThat(thrown)
            .as("input %s", Arrays.toString(input))
            .isInstanceOf(WireFormatException.class);
        seen.merge(((WireFormatException) thrown).reason(), 1, Integer::sum);
      }
    }
    assertThat(seen)
        .as("the garbage exercised both kinds of body error")
        .containsKeys(Reason.TRUNCATED_BODY, Reason.MALFORMED_BODY);
    assertThat(deserializer.deserialize(TOPIC, full))
        .as("failed reads leave no state behind")
        .isEqualTo(ConfluentFixtures.all().get(1).record());
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  @Test
  void anUnreachableRegistryIsRetriableAndNotCorruptData() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SpecificAvroDeserializer<OutboundMessage> offline =
        new SpecificAvroDeserializer<>(OutboundMessage.class);
    offline.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            "http://127.0.0.1:" + port,
            SchemaRegistryClientConfig.MAX_RETRIES,
            0),
        false);

    assertThatThrownBy(() -> offline.deserialize(TOPIC, minimal))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .isInstanceOf(RetriableException.class)
        .isNotInstanceOf(SerializationException.class);
  }

  @Test
  void aRegistryErrorWithoutTheRegistrysSchemaNotFoundCodeIsNotCorruptData() throws IOException {
    try (EmulatedRegistry registry = EmulatedRegistry.start()) {
      registry.answerAlwaysRaw(404, "<html>Not Found</html>");
      SpecificAvroDeserializer<OutboundMessage> misconfigured =
          new SpecificAvroDeserializer<>(OutboundMessage.class);
      misconfigured.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);

      assertThatThrownBy(() -> misconfigured.deserialize(TOPIC, minimal))
          .isInstanceOf(SchemaRegistryException.class)
          .isNotInstanceOf(SerializationException.class);
    }
  }

  @Test
  void aSchemaIdOfAnotherFormatIsUnsupported() throws IOException {
    try (EmulatedRegistry registry = EmulatedRegistry.start()) {
      int id =
          registry.putSchema(
              "other-value", "syntax = \"proto3\"; message M { string a = 1; }", "PROTOBUF", null);
      Map<String, Object> config = new HashMap<>();
      config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
      SpecificAvroDeserializer<OutboundMessage> rest =
          new SpecificAvroDeserializer<>(OutboundMessage.class);
      rest.configure(config, false);

      assertThatThrownBy(() -> rest.deserialize(TOPIC, header(id, 2, 'a')))
          .isInstanceOf(WireFormatException.class)
          .hasMessage(
              "schema id 1 at offset 1 is not usable: Schema registry "
                  + registry.url()
                  + " returned an unusable schema (schema id 1): schemaType PROTOBUF, but only AVRO is supported")
          .satisfies(
              e ->
                  assertThat(((WireFormatException) e).reason())
                      .isEqualTo(Reason.UNSUPPORTED_SCHEMA));
    }
  }
}
