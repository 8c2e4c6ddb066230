package dev.fatigueguard.decision;

import java.util.List;

/**
 * A newer message replaces a HELD message of the same customer that carries the same {@code
 * collapseKey} ("your order is out for delivery" makes "your order has shipped" pointless): the
 * held one is dropped with {@link Reason#SUPERSEDED}, and the newer one is judged as usual. Only
 * held messages are superseded: one already approved has been sent and is history, and one that was
 * dropped is gone.
 */
public final class Superseding {

  private Superseding() {}

  /**
   * Whether {@code newer} supersedes the held message {@code held}: both of one customer, both with
   * the same non-null collapse key, and not the same message.
   */
  public static boolean supersedes(MessageFacts newer, MessageFacts held) {
    String key = newer.collapseKey();
    return key != null
        && key.equals(held.collapseKey())
        && newer.customerId() != null
        && newer.customerId().equals(held.customerId())
        && !newer.messageId().equals(held.messageId());
  }

  /** The verdict for a held message that {@code newer} supersedes. */
  public static Verdict verdict(MessageFacts newer) {
    return Verdict.drop(
        Reason.SUPERSEDED,
        null,
        "superseded by newer message "
            + newer.messageId()
            + " with the same collapseKey "
            + newer.collapseKey(),
        List.of());
  }
}
