package dev.fatigueguard.decision;

/**
 * Why a message was dropped or, for a {@link Outcome#HOLD}, which kind of rule holds it back.
 * DUPLICATE, ERASED and INVALID are decided by the topology (dedup store, erasure, unreadable
 * input) and SUPERSEDED by {@link Superseding}, never by the {@link Decider}; they live here so
 * every suppression has one vocabulary.
 */
public enum Reason {
  CAP_EXCEEDED,
  QUIET_HOURS,
  OPTED_OUT,
  SNOOZED,
  EXPIRED,
  DUPLICATE,
  ERASED,
  INVALID,
  SUPERSEDED,
  /** Outside every send window in the message's scope. */
  OUTSIDE_SEND_WINDOW
}
