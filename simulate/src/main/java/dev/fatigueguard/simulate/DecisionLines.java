package dev.fatigueguard.simulate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.cli.FileProblem;
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

  // Field names encoded once: a million-message replay writes over ten million of them.
  private static final SerializedString MESSAGE_ID = new SerializedString("messageId");
  private static final SerializedString CUSTOMER_ID = new SerializedString("customerId");
  private static final SerializedString TENANT = new SerializedString("tenant");
  private static final SerializedString CHANNEL = new SerializedString("channel");
  private static final SerializedString CATEGORY = new SerializedString("category");
  private static final SerializedString CAMPAIGN_ID = new SerializedString("campaignId");
  private static final SerializedString DECISION = new SerializedString("decision");
  private static final SerializedString REASON = new SerializedString("reason");
  private static final SerializedString RULE_ID = new SerializedString("ruleId");
  private static final SerializedString DECIDED_AT = new SerializedString("decidedAt");
  private static final SerializedString RELEASE_AT = new SerializedString("releaseAt");
  private static final SerializedString HELD_SINCE = new SerializedString("heldSince");
  private static final SerializedString DETAIL = new SerializedString("detail");

  private final JsonGenerator json;

  public DecisionLines(Path file) {
    try {
      // Jackson's own UTF-8 encoder, straight to bytes: faster than a Writer's charset encoder.
      json =
          JSON.createGenerator(
              new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), JsonEncoding.UTF8);
      json.setRootValueSeparator(new SerializedString("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write decisions to " + file + ": " + FileProblem.reason(e), e);
    }
  }

  @Override
  public void accept(ContactDecision d) {
    try {
      json.writeStartObject();
      field(MESSAGE_ID, d.getMessageId());
      field(CUSTOMER_ID, d.getCustomerId());
      field(TENANT, d.getTenant());
      field(CHANNEL, d.getChannel().name());
      field(CATEGORY, d.getCategory());
      field(CAMPAIGN_ID, d.getCampaignId());
      field(DECISION, d.getDecision().name());
      field(REASON, d.getReason() == null ? null : d.getReason().name());
      field(RULE_ID, d.getRuleId());
      field(DECIDED_AT, d.getDecidedAt());
      field(RELEASE_AT, d.getReleaseAt());
      field(HELD_SINCE, d.getHeldSince());
      field(DETAIL, d.getDetail());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the field unless the value is absent. */
  private void field(SerializedString name, Instant value) throws IOException {
    if (value != null) {
      field(name, UtcInstantText.format(value));
    }
  }

  private void field(SerializedString name, String value) throws IOException {
    if (value != null) {
      json.writeFieldName(name);
      json.writeString(value);
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
