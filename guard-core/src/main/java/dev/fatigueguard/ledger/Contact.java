package dev.fatigueguard.ledger;

import java.util.Set;

/**
 * One approved contact that counts towards caps: when, on which channel, of which category, with
 * which tags, for which campaign and from which sender tenant ({@code campaign} and {@code tenant}
 * are {@code null} when the message named none, and in contacts stored before the ledger kept
 * them).
 */
public record Contact(
    long atMillis,
    String channel,
    String category,
    Set<String> tags,
    String campaign,
    String tenant) {

  public Contact {
    tags = tags == null ? Set.of() : Set.copyOf(tags);
  }

  /** A contact without campaign and tenant. */
  public Contact(long atMillis, String channel, String category, Set<String> tags) {
    this(atMillis, channel, category, tags, null, null);
  }
}
