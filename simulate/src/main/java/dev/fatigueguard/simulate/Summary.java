package dev.fatigueguard.simulate;

import java.util.Map;

/**
 * What one replay did, in numbers.
 *
 * @param inputLines readable messages plus unreadable lines
 * @param unreadable lines that could not be read (counted as DROPPED/INVALID in {@code byReason})
 * @param messages messages replayed
 * @param delayed messages held at least once (a held message that is re-checked counts once)
 * @param heldAtEnd messages still held when the replay stopped (0 unless rules hold beyond
 *     maxDelay)
 * @param byReason reason → {messages delayed for it (first hold), messages dropped for it}
 * @param byChannel channel → {input, approved, released, delayed, dropped}
 * @param before messages per customer in the input
 * @param after contacts per customer that went out (approved + released)
 * @param ruleHits rule id → distinct customers with a DELAYED or DROPPED decision naming it
 * @param delays held time of released messages, releasedAt - createdAt, in milliseconds
 */
public record Summary(
    long inputLines,
    long unreadable,
    long messages,
    long approved,
    long delayed,
    long released,
    long dropped,
    long heldAtEnd,
    Map<String, long[]> byReason,
    Map<String, long[]> byChannel,
    Distribution before,
    Distribution after,
    Map<String, Integer> ruleHits,
    Distribution delays) {

  public static final int REASON_DELAYED = 0;
  public static final int REASON_DROPPED = 1;

  public static final int CHANNEL_INPUT = 0;
  public static final int CHANNEL_APPROVED = 1;
  public static final int CHANNEL_RELEASED = 2;
  public static final int CHANNEL_DELAYED = 3;
  public static final int CHANNEL_DROPPED = 4;

  /** Contacts that went out: approved at once or released later. */
  public long delivered() {
    return approved + released;
  }
}
