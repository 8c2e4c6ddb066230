package dev.fatigueguard.ledger;

import java.util.Set;

/**
 * One approved contact that counts towards caps: when, on which channel, of which category, with
 * which tags.
 */
public record Contact(long atMillis, String channel, String category, Set<String> tags) {

  public Contact {
    tags = tags == null ? Set.of() : Set.copyOf(tags);
  }
}
