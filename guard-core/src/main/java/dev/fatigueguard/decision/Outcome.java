package dev.fatigueguard.decision;

/** What happens to a message now. */
public enum Outcome {
  /** Send it now (for a held message: release it). */
  APPROVE,
  /** Keep it and decide again at {@link Verdict#releaseAtMillis()}. */
  HOLD,
  /** Suppress it for good, with a {@link Reason}. */
  DROP
}
