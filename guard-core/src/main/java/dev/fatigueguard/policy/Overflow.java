package dev.fatigueguard.policy;

/** What happens to a message that a rule blocks right now. */
public enum Overflow {
  /**
   * Hold the message and send it at the earliest instant every rule allows (within maxDelay and
   * expiry).
   */
  DELAY,
  /** Suppress the message at once, with the reason of the rule that blocked it. */
  DROP
}
