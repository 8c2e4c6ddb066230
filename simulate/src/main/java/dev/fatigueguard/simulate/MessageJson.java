package dev.fatigueguard.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.policy.JsonSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of one OutboundMessage, as a line of a message history: the Avro schema's field
 * names, instants as ISO-8601 text, channels by name, {@code payload} as base64 (or absent).
 * Optional fields may be absent; required ones (messageId, customerId, channel, category,
 * createdAt) may not.
 *
 * <p>A streaming parser rather than a tree: simulate reads a million lines, and the tree would
 * double the allocation per line. Unknown fields are rejected, so a typo ({@code createdat}) is
 * reported instead of silently taking a default.
 */
public final class MessageJson {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private MessageJson() {}

  /**
   * @throws MalformedMessageException naming the first field that cannot be read
   */
  public static OutboundMessage read(String line) {
    OutboundMessage.Builder b = OutboundMessage.newBuilder();
    boolean[] seen = new boolean[5];
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedMessageException("$", "must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "messageId" -> {
            b.setMessageId(requiredText(p, field));
            seen[0] = true;
          }
          case "customerId" -> {
            b.setCustomerId(requiredText(p, field));
            seen[1] = true;
          }
          case "channel" -> {
            b.setChannel(channel(p, field));
            seen[2] = true;
          }
          case "category" -> {
            b.setCategory(requiredText(p, field));
            seen[3] = true;
          }
          case "createdAt" -> {
            b.setCreatedAt(instant(requiredText(p, field), field));
            seen[4] = true;
          }
          case "tenant" -> b.setTenant(optionalText(p, field));
          case "campaignId" -> b.setCampaignId(optionalText(p, field));
          case "collapseKey" -> b.setCollapseKey(optionalText(p, field));
          case "payloadRef" -> b.setPayloadRef(optionalText(p, field));
          case "expiresAt" -> {
            String text = optionalText(p, field);
            b.setExpiresAt(text == null ? null : instant(text, field));
          }
          case "priority" -> {
            if (value != JsonToken.VALUE_NUMBER_INT) {
              throw new MalformedMessageException(field, "must be an integer");
            }
            b.setPriority(p.getIntValue());
          }
          case "deferrable" -> {
            if (!value.isBoolean()) {
              throw new MalformedMessageException(field, "must be true or false");
            }
            b.setDeferrable(p.getBooleanValue());
          }
          case "tags" -> b.setTags(strings(p, field));
          case "attributes" -> b.setAttributes(attributes(p, field));
          case "payload" -> {
            String text = optionalText(p, field);
            try {
              b.setPayload(text == null ? null : ByteBuffer.wrap(Base64.getDecoder().decode(text)));
            } catch (IllegalArgumentException e) {
              throw new MalformedMessageException(field, "must be base64 text");
            }
          }
          default ->
              throw new MalformedMessageException(field, "is not a field of OutboundMessage");
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new MalformedMessageException("$", "must be exactly one JSON object per line");
      }
    } catch (JsonParseException e) {
      // The caller names the history's line; the column is within it.
      throw new MalformedMessageException("$", JsonSyntax.problemInLine(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] required = {"messageId", "customerId", "channel", "category", "createdAt"};
    for (int i = 0; i < required.length; i++) {
      if (!seen[i]) {
        throw new MalformedMessageException(required[i], "is required");
      }
    }
    return b.build();
  }

  /**
   * One line, without its line break; absent optionals are left out. Inline {@code payload} bytes
   * and {@code attributes} are not written (synthetic histories carry a {@code payloadRef});
   * everything the guard's rules look at reads back equal.
   */
  public static void write(OutboundMessage m, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("messageId", m.getMessageId());
    g.writeStringField("customerId", m.getCustomerId());
    if (m.getTenant() != null) {
      g.writeStringField("tenant", m.getTenant());
    }
    g.writeStringField("channel", m.getChannel().name());
    g.writeStringField("category", m.getCategory());
    if (m.getCampaignId() != null) {
      g.writeStringField("campaignId", m.getCampaignId());
    }
    if (m.getCollapseKey() != null) {
      g.writeStringField("collapseKey", m.getCollapseKey());
    }
    if (!m.getTags().isEmpty()) {
      g.writeArrayFieldStart("tags");
      for (String tag : m.getTags()) {
        g.writeString(tag);
      }
      g.writeEndArray();
    }
    if (m.getPriority() != 0) {
      g.writeNumberField("priority", m.getPriority());
    }
    g.writeStringField("createdAt", UtcInstantText.format(m.getCreatedAt()));
    if (m.getExpiresAt() != null) {
      g.writeStringField("expiresAt", UtcInstantText.format(m.getExpiresAt()));
    }
    if (!m.getDeferrable()) {
      g.writeBooleanField("deferrable", false);
    }
    if (m.getPayloadRef() != null) {
      g.writeStringField("payloadRef", m.getPayloadRef());
    }
    g.writeEndObject();
  }

  private static String requiredText(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new MalformedMessageException(field, "must be a string");
    }
    String text = p.getText();
    if (text.isBlank()) {
      throw new MalformedMessageException(field, "must not be blank");
    }
    return text;
  }

  private static String optionalText(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new MalformedMessageException(field, "must be a string or null");
    }
    return p.getText();
  }

  private static Channel channel(JsonParser p, String field) throws IOException {
    String name = requiredText(p, field);
    try {
      return Channel.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(
          field,
          "unknown channel '"
              + name
              + "' (known: "
              + java.util.Arrays.toString(Channel.values())
              + ")");
    }
  }

  private static Instant instant(String text, String field) {
    try {
      return UtcInstantText.parse(text);
    } catch (DateTimeParseException e) {
      throw new MalformedMessageException(
          field, "must be an ISO-8601 instant such as 2026-03-02T10:00:00Z, was '" + text + "'");
    }
  }

  private static List<String> strings(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new MalformedMessageException(field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new MalformedMessageException(field + "[" + out.size() + "]", "must be a string");
      }
      out.add(p.getText());
    }
    return out;
  }

  private static Map<String, String> attributes(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new MalformedMessageException(field, "must be an object of strings");
    }
    Map<String, String> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new MalformedMessageException(field + "." + key, "must be a string");
      }
      out.put(key, p.getText());
    }
    return out;
  }
}
