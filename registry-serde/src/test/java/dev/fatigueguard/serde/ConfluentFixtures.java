package dev.fatigueguard.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.WindowCount;
import dev.fatigueguard.serde.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * The records exchanged with Confluent's own serde (src/test/confluent-fixtures/generate.mjs builds
 * the same ones in JavaScript), where their files live, and the plain-JSON view both sides write.
 *
 * <p>Schema ids are embedded in the fixture bytes. Both sides start from an empty mock registry and
 * register OutboundMessage under {@code outbound-messages-value} first, then ContactDecision under
 * {@code contact-decisions-value}, so the ids are 1 and 2 on both; {@link #registerInFixtureOrder}
 * asserts it.
 */
final class ConfluentFixtures {

  static final String RESOURCE_DIR = "/confluent-fixtures/";

  /** Where the generator writes: relative to the module directory, where Maven runs tests. */
  static final Path SOURCE_DIR = Path.of("src/test/resources/confluent-fixtures");

  static final String OUTBOUND_TOPIC = "outbound-messages";
  static final String DECISION_TOPIC = "contact-decisions";
  static final int OUTBOUND_ID = 1;
  static final int DECISION_ID = 2;

  static final ObjectMapper JSON = new ObjectMapper();

  record Fixture(String name, String topic, SpecificRecord record) {}

  private ConfluentFixtures() {}

  static void registerInFixtureOrder(SchemaRegistryClient client) {
    assertThat(client.register(OUTBOUND_TOPIC + "-value", OutboundMessage.getClassSchema()))
        .as("OutboundMessage must get id %d, as in generate.mjs", OUTBOUND_ID)
        .isEqualTo(OUTBOUND_ID);
    assertThat(client.register(DECISION_TOPIC + "-value", ContactDecision.getClassSchema()))
        .as("ContactDecision must get id %d, as in generate.mjs", DECISION_ID)
        .isEqualTo(DECISION_ID);
  }

  static List<Fixture> all() {
    Instant created = Instant.parse("2026-11-27T08:15:30.123Z");
    Map<String, String> fullAttributes = new LinkedHashMap<>();
    fullAttributes.put("locale", "de-DE");
    fullAttributes.put("emoji", "🎉");
    fullAttributes.put("empty", "");
    return List.of(
        new Fixture(
            "outbound-minimal",
            OUTBOUND_TOPIC,
            OutboundMessage.newBuilder()
                .setMessageId("m-1")
                .setCustomerId("c-1")
                .setChannel(Channel.EMAIL)
                .setCategory("MARKETING")
                .setCreatedAt(Instant.parse("2026-11-20T09:00:00Z"))
                .build()),
        new Fixture(
            "outbound-full",
            OUTBOUND_TOPIC,
            OutboundMessage.newBuilder()
                .setMessageId("m-2-ünïcödé")
                .setCustomerId("kunde-Ø-東京-🚀")
                .setTenant("acme")
                .setChannel(Channel.SMS)
                .setCategory("PROMOTIONAL")
                .setCampaignId("black-friday ☀️ été")
                .setTags(List.of("promo", "black-friday", "ünïcödé 🏷️"))
                .setPriority(7)
                .setCreatedAt(created)
                .setExpiresAt(Instant.parse("2026-11-28T08:15:30.123Z"))
                .setDeferrable(false)
                .setPayload(
                    ByteBuffer.wrap(
                        new byte[] {
                          0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff, 'h', 'i'
                        }))
                .setAttributes(fullAttributes)
                .setCollapseKey("parcel-4711 📦")
                .build()),
        new Fixture(
            "outbound-edge",
            OUTBOUND_TOPIC,
            OutboundMessage.newBuilder()
                .setMessageId("")
                .setCustomerId("c-edge")
                .setTenant("")
                .setChannel(Channel.DIRECT_MAIL)
                .setCategory("SECURITY")
                .setTags(List.of(""))
                .setPriority(Integer.MIN_VALUE)
                .setCreatedAt(Instant.ofEpochMilli(-1))
                .setExpiresAt(Instant.parse("9999-12-31T23:59:59.999Z"))
                .setPayload(ByteBuffer.wrap(new byte[0]))
                .setPayloadRef("s3://bucket/key?x=1&y=ü")
                .setAttributes(Map.of("", "empty key"))
                .setCollapseKey("")
                .build()),
        new Fixture(
            "decision-delayed",
            DECISION_TOPIC,
            ContactDecision.newBuilder()
                .setMessageId("m-2-ünïcödé")
                .setCustomerId("kunde-Ø-東京-🚀")
                .setTenant("acme")
                .setChannel(Channel.SMS)
                .setCategory("PROMOTIONAL")
                .setCampaignId("black-friday ☀️ été")
                .setDecision(Decision.DELAYED)
                .setReason(DropReason.QUIET_HOURS)
                .setRuleId("tenant:acme/quiet-nights")
                .setDetail("quiet hours 22:00–07:00 Europe/Berlin")
                .setWindowCounts(
                    List.of(
                        new WindowCount("default/daily", 3, 3, "P1D"),
                        new WindowCount("customer/sms-gap", 1, 1, "PT16H")))
                .setDecidedAt(Instant.parse("2026-11-27T08:15:31Z"))
                .setReleaseAt(Instant.parse("2026-11-28T06:00:00Z"))
                .setHeldSince(Instant.parse("2026-11-27T08:15:31Z"))
                .setMessageCreatedAt(created)
                .setPriority(7)
                .build()),
        new Fixture(
            "decision-approved",
            DECISION_TOPIC,
            ContactDecision.newBuilder()
                .setMessageId("m-1")
                .setCustomerId("c-1")
                .setChannel(Channel.EMAIL)
                .setCategory("MARKETING")
                .setDecision(Decision.APPROVED)
                .setDecidedAt(Instant.parse("2026-11-20T09:00:00.250Z"))
                .setMessageCreatedAt(Instant.parse("2026-11-20T09:00:00Z"))
                .build()));
  }

  static byte[] resource(String relativePath) {
    try (InputStream in =
        ConfluentFixtures.class.getResourceAsStream(RESOURCE_DIR + relativePath)) {
      if (in == null) {
        throw new IllegalStateException(
            "Missing fixture "
                + RESOURCE_DIR
                + relativePath
                + ": regenerate as src/test/confluent-fixtures/README.md says");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode jsonResource(String relativePath) {
    try {
      return JSON.readTree(resource(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The language-neutral view generate.mjs also writes: unions unwrapped, enums as symbols, bytes
   * in base64, timestamps as epoch milliseconds, maps as objects.
   */
  static JsonNode plainJson(Object datum, Schema schema) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (schema.getType()) {
      case NULL:
        return f.nullNode();
      case UNION:
        {
          // Every union in these schemas is [null, X].
          List<Schema> nonNull =
              schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
          if (nonNull.size() != 1) {
            throw new IllegalArgumentException(
                "Only [null, X] unions are in the fixtures: " + schema);
          }
          return datum == null ? f.nullNode() : plainJson(datum, nonNull.get(0));
        }
      case RECORD:
        {
          ObjectNode node = f.objectNode();
          IndexedRecord record = (IndexedRecord) datum;
          for (Schema.Field field : schema.getFields()) {
            node.set(field.name(), plainJson(record.get(field.pos()), field.schema()));
          }
          return node;
        }
      case ARRAY:
        {
          ArrayNode node = f.arrayNode();
          for (Object item : (List<?>) datum) {
            node.add(plainJson(item, schema.getElementType()));
          }
          return node;
        }
      case MAP:
        {
          ObjectNode node = f.objectNode();
          for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
            node.set(e.getKey().toString(), plainJson(e.getValue(), schema.getValueType()));
          }
          return node;
        }
      case ENUM:
        return f.textNode(
            datum instanceof GenericEnumSymbol<?> s ? s.toString() : ((Enum<?>) datum).name());
      case STRING:
        return f.textNode(datum.toString());
      case BYTES:
        {
          ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          return f.textNode(Base64.getEncoder().encodeToString(bytes));
        }
      case INT:
        return f.numberNode(((Integer) datum).intValue());
      case LONG:
        {
          long value = datum instanceof Instant i ? i.toEpochMilli() : (Long) datum;
          // As Jackson parses the JSON files: int-sized numbers as ints, so trees compare equal.
          return value == (int) value ? f.numberNode((int) value) : f.numberNode(value);
        }
      case BOOLEAN:
        return f.booleanNode((Boolean) datum);
      default:
        throw new IllegalArgumentException(
            "No plain-JSON view of " + schema.getType() + " in the fixtures");
    }
  }
}
