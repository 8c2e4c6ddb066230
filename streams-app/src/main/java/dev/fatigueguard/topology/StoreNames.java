package dev.fatigueguard.topology;

/**
 * State store names. They become changelog topic names, so they are part of the deployed contract.
 */
public final class StoreNames {
  /** customerId → the customer's last valid ContactPreferences. */
  public static final String PREFERENCES = "customer-preferences";

  /**
   * customerId → recent approved contacts within the longest window, and the message ids first seen
   * within the dedup window (compact binary ledger, {@code LedgerCodec}).
   */
  public static final String LEDGER = "contact-ledger";

  /** customerId\0messageId → HeldMessage. */
  public static final String HELD = "held-messages";

  /**
   * releaseAt(8 bytes, big-endian)‖customerId\0messageId → heldSince (8 bytes): held messages in
   * release order.
   */
  public static final String HELD_SCHEDULE = "held-schedule";

  /** tenant → last valid ContactPolicy (global: every instance holds every policy). */
  public static final String POLICIES = "contact-policies-global";

  /**
   * Separates customerId and messageId in the keys of {@link #HELD}: a prefix scan for {@code
   * customerId + KEY_SEPARATOR} finds exactly one customer's entries.
   */
  public static final char KEY_SEPARATOR = '\u0000';

  private StoreNames() {}
}
