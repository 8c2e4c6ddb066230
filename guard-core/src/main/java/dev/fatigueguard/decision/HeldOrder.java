package dev.fatigueguard.decision;

import java.util.Comparator;

/**
 * The order in which held messages that compete for freed room are released: higher priority first,
 * then the oldest (by creation time), then by messageId so that the order is total and every
 * replica of the state releases the same message first.
 */
public final class HeldOrder implements Comparator<MessageFacts> {

  public static final HeldOrder INSTANCE = new HeldOrder();

  private HeldOrder() {}

  @Override
  public int compare(MessageFacts a, MessageFacts b) {
    int byPriority = Integer.compare(b.priority(), a.priority());
    if (byPriority != 0) {
      return byPriority;
    }
    int byAge = Long.compare(a.createdAtMillis(), b.createdAtMillis());
    if (byAge != 0) {
      return byAge;
    }
    return Comparator.<String>nullsLast(Comparator.naturalOrder())
        .compare(a.messageId(), b.messageId());
  }
}
