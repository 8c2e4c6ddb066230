package dev.fatigueguard.topology;

import dev.fatigueguard.avro.OutboundMessage;
import java.time.Duration;
import java.time.Instant;

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

  /**
   * Also refuses a message whose record timestamp or createdAt lies further than {@code maxSkew}
   * from the guard's clock ({@code now}): a contact counts at its record time, so a sender clock in
   * the year 3000 or 1811 would count the contact where no window ever sees it (or fill windows
   * that have not begun), and an absurd createdAt skews expiry and the release order.
   */
  static String problemWith(OutboundMessage m, long recordTimestamp, long now, Duration maxSkew) {
    String problem = problemWith(m);
    if (problem == null) {
      problem = skew("record timestamp", Instant.ofEpochMilli(recordTimestamp), now, maxSkew);
    }
    if (problem == null && m.getCreatedAt() != null) {
      problem = skew("createdAt", m.getCreatedAt(), now, maxSkew);
    }
    return problem;
  }

  private static String skew(String field, Instant value, long now, Duration maxSkew) {
    long distance = Math.abs(value.toEpochMilli() - now);
    if (distance <= maxSkew.toMillis()) {
      return null;
    }
    return field
        + " ("
        + value
        + ") is more than "
        + maxSkew
        + " from the guard's clock ("
        + Instant.ofEpochMilli(now)
        + "); is the sender's clock wrong? (guard.max-clock-skew)";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
