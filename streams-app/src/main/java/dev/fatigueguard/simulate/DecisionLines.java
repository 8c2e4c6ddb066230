package dev.fatigueguard.simulate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.fatigueguard.avro.ContactDecision;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes each decision event of a replay as one JSON line: messageId, customerId, tenant, channel,
 * category, campaignId, decision, reason, ruleId, decidedAt, releaseAt (DELAYED only), heldSince
 * (once held) and detail. Absent values are left out; instants are ISO-8601 UTC.
 */
public final class DecisionLines implements Consumer<ContactDecision>, AutoCloseable {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final JsonGenerator json;

  public DecisionLines(Path file) {
    try {
      // Jackson's own UTF-8 encoder, straight to bytes: faster than a Writer's charset encoder.
      json = JSON.createGenerator(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), JsonEncoding.UTF8);
      json.setRootValueSeparator(new SerializedString("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write decisions to " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void accept(ContactDecision d) {
    try {
      json.writeStartObject();
      json.writeStringField("messageId", d.getMessageId());
      json.writeStringField("customerId", d.getCustomerId());
      optional("tenant", d.getTenant());
      json.writeStringField("channel", d.getChannel().name());
      json.writeStringField("category", d.getCategory());
      optional("campaignId", d.getCampaignId());
      json.writeStringField("decision", d.getDecision().name());
      optional("reason", d.getReason() == null ? null : d.getReason().name());
      optional("ruleId", d.getRuleId());
      json.writeStringField("decidedAt", UtcInstantText.format(d.getDecidedAt()));
      optional("releaseAt", d.getReleaseAt());
      optional("heldSince", d.getHeldSince());
      optional("detail", d.getDetail());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void optional(String field, Instant value) throws IOException {
    if (value != null) {
      json.writeStringField(field, UtcInstantText.format(value));
    }
  }

  private void optional(String field, String value) throws IOException {
    if (value != null) {
      json.writeStringField(field, value);
    }
  }

  @Override
  public void close() {
    try {
      json.writeRaw('\n');
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
