package dev.fatigueguard.topology;

/**
 * Where each kind of outcome of the guard's processors goes. The topology's router ({@link
 * OutcomeRouter}) sends each outcome by it to its topic; a replay sorts the same outcomes by it
 * into what it reports.
 */
public enum OutcomeSink {
  /** The sender's bytes, untouched, to the approved topic (and the per-channel topics). */
  APPROVED,
  /** A decision event to the decisions audit topic, passing the decision metrics on the way. */
  DECIDED,
  /** A message the guard will not deliver, to the suppressed topic. */
  SUPPRESSED,
  /** Input the guard could not use, as received, to the DLQ. */
  DEAD_LETTER;

  /**
   * The sink of an outcome. A readable input message is not an outcome: it goes on to the guard
   * processor, never to a sink.
   */
  public static OutcomeSink of(Routed outcome) {
    if (outcome instanceof Routed.Approved) {
      return APPROVED;
    } else if (outcome instanceof Routed.Decided) {
      return DECIDED;
    } else if (outcome instanceof Routed.Suppressed) {
      return SUPPRESSED;
    } else if (outcome instanceof Routed.DeadLetter) {
      return DEAD_LETTER;
    }
    throw new IllegalArgumentException("not an outcome: " + outcome);
  }
}
