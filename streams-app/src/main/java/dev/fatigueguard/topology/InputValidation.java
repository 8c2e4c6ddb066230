package dev.fatigueguard.topology;

import dev.fatigueguard.avro.OutboundMessage;

/**
 * What a readable message must also satisfy before the rules can judge it. The schema guarantees
 * types; this guards the values the schema cannot (blank ids, ids that would break store keys).
 */
final class InputValidation {

  private InputValidation() {}

  /** A description of the first problem, or null when the message can be judged. */
  static String problemWith(OutboundMessage m) {
    if (blank(m.getCustomerId())) {
      return "customerId is missing or blank";
    }
    if (blank(m.getMessageId())) {
      return "messageId is missing or blank";
    }
    if (m.getCustomerId().indexOf('\u0000') >= 0 || m.getMessageId().indexOf('\u0000') >= 0) {
      return "customerId and messageId must not contain the NUL character";
    }
    if (blank(m.getCategory())) {
      return "category is missing or blank";
    }
    if (m.getExpiresAt() != null && m.getExpiresAt().isBefore(m.getCreatedAt())) {
      return "expiresAt (" + m.getExpiresAt() + ") is before createdAt (" + m.getCreatedAt() + ")";
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
