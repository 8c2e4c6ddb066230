package dev.fatigueguard.decision;

import java.util.Set;

/**
 * What the decider needs to know about one outbound message (never its payload).
 *
 * @param tenant {@code null} when the sender named no tenant (only the default policy applies)
 * @param priority higher = more important; orders the release of held messages
 * @param createdAtMillis when the sender created it; older held messages are released first
 * @param expiresAtMillis epoch millis after which the message is worthless, or {@link #NO_EXPIRY}
 *     (any negative value) when it never expires
 * @param deferrable whether it may be held at all; a non-deferrable message that a rule blocks is
 *     dropped at once
 * @param campaignId the sender's campaign, {@code null} for none; per-campaign caps and scopes
 *     listing campaigns look at it
 * @param collapseKey {@code null}, or a key under which a newer message of the same customer
 *     supersedes a held one (see {@link Superseding})
 */
public record MessageFacts(
    String messageId,
    String customerId,
    String tenant,
    String channel,
    String category,
    Set<String> tags,
    int priority,
    long createdAtMillis,
    long expiresAtMillis,
    boolean deferrable,
    String campaignId,
    String collapseKey) {

  /** {@link #expiresAtMillis()} of a message that never expires. */
  public static final long NO_EXPIRY = -1;

  /** A message without campaign and collapse key. */
  public MessageFacts(
      String messageId,
      String customerId,
      String tenant,
      String channel,
      String category,
      Set<String> tags,
      int priority,
      long createdAtMillis,
      long expiresAtMillis,
      boolean deferrable) {
    this(
        messageId,
        customerId,
        tenant,
        channel,
        category,
        tags,
        priority,
        createdAtMillis,
        expiresAtMillis,
        deferrable,
        null,
        null);
  }

  public MessageFacts {
    tags = tags == null ? Set.of() : Set.copyOf(tags);
  }

  public boolean hasExpiry() {
    return expiresAtMillis >= 0;
  }
}
