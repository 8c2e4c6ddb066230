package dev.fatigueguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading message histories: JSON Lines and Avro container files, in event-time order. */
class SimulationInputTest {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aMessageWrittenAsJsonReadsBackEqual() throws IOException {
    OutboundMessage m =
        OutboundMessage.newBuilder()
            .setMessageId("m1")
            .setCustomerId("c1")
            .setTenant("acme")
            .setChannel(Channel.WHATSAPP)
            .setCategory("PROMOTIONAL")
            .setCampaignId("cmp-1")
            .setTags(List.of("sale"))
            .setPriority(3)
            .setCreatedAt(T0)
            .setExpiresAt(T0.plus(Duration.ofDays(1)))
            .setDeferrable(false)
            .setPayloadRef("template:sale")
            .build();
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      MessageJson.write(m, json);
    }

    assertThat(MessageJson.read(out.toString())).isEqualTo(m);
  }

  @Test
  void optionalFieldsMayBeAbsentAndAttributesAndPayloadAreRead() {
    OutboundMessage m =
        MessageJson.read(
            """
        {"messageId":"m1","customerId":"c1","channel":"SMS","category":"SERVICE","createdAt":"2026-03-02T10:00:00Z",
         "attributes":{"sender":"billing"},"payload":"aGk="}""");

    assertThat(m.getTenant()).isNull();
    assertThat(m.getDeferrable()).isTrue();
    assertThat(m.getAttributes()).containsExactly(Map.entry("sender", "billing"));
    assertThat(m.getPayload().remaining()).isEqualTo(2);
  }

  @Test
  void aMissingOrMistypedFieldIsNamed() {
    assertThatThrownBy(
            () ->
                MessageJson.read(
                    """
        {"messageId":"m1","customerId":"c1","channel":"SMS","createdAt":"2026-03-02T10:00:00Z"}"""))
        .isInstanceOfSatisfying(
            MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo("category"));
    assertThatThrownBy(
            () ->
                MessageJson.read(
                    """
        {"messageId":"m1","customerId":"c1","channel":"SMS","category":"X","createdAt":"2026-03-02T10:00:00Z",
         "priority":"high"}"""))
        .isInstanceOfSatisfying(
            MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo("priority"));
    assertThatThrownBy(
            () ->
                MessageJson.read(
                    """
        {"messageId":"m1","customerId":"c1","channel":"SMS","category":"X","createdAt":"2026-03-02T10:00:00Z",
         "createdat":"2026-03-02T10:00:00Z"}"""))
        .isInstanceOfSatisfying(
            MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo("createdat"));
  }

  @Test
  void anAvroContainerFileIsReadInCreatedAtOrder() throws IOException {
    Path file = dir.resolve("history.avro");
    try (DataFileWriter<OutboundMessage> out =
        new DataFileWriter<>(new SpecificDatumWriter<>(OutboundMessage.class))) {
      out.create(OutboundMessage.getClassSchema(), file.toFile());
      out.append(message("late", T0.plusSeconds(60)));
      out.append(message("early", T0));
      out.append(OutboundMessage.newBuilder(message("blank", T0)).setCustomerId(" ").build());
    }

    History history = HistoryReader.read(file);

    assertThat(history.messages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("early", "late");
    assertThat(history.invalid())
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.line()).isEqualTo(3);
              assertThat(bad.field()).isEqualTo("customerId");
            });
  }

  @Test
  void jsonLinesKeepFileOrderForEqualTimesAndSkipBlankLines() throws IOException {
    Path file =
        Files.write(
            dir.resolve("h.jsonl"),
            List.of(
                "{\"messageId\":\"b\",\"customerId\":\"c\",\"channel\":\"EMAIL\",\"category\":\"X\",\"createdAt\":\"2026-03-02T10:00:00Z\"}",
                "",
                "{\"messageId\":\"a\",\"customerId\":\"c\",\"channel\":\"EMAIL\",\"category\":\"X\",\"createdAt\":\"2026-03-02T10:00:00Z\"}",
                "{\"messageId\":\"0\",\"customerId\":\"c\",\"channel\":\"EMAIL\",\"category\":\"X\",\"createdAt\":\"2026-03-02T09:00:00Z\"}"));

    History history = HistoryReader.read(file);

    assertThat(history.messages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("0", "b", "a");
    assertThat(history.invalid()).isEmpty();
  }

  private static OutboundMessage message(String id, Instant createdAt) {
    return OutboundMessage.newBuilder()
        .setMessageId(id)
        .setCustomerId("c1")
        .setChannel(Channel.EMAIL)
        .setCategory("MARKETING")
        .setCreatedAt(createdAt)
        .build();
  }
}
