package dev.fatigueguard.topology;

/**
 * Where each kind of outcome of the guard's processors goes. The topology splits its outcome stream
 * by it into topics; a replay sorts the same outcomes by it into what it reports.
 */
public enum OutcomeSink {
  /** The sender's bytes, untouched, to the approved topic (and the per-channel topics). */
  APPROVED("approved"),
  /** A decision event to the decisions audit topic, passing the decision metrics on the way. */
  DECIDED("decided"),
  /** A message the guard will not deliver, to the suppressed topic. */
  SUPPRESSED("suppressed"),
  /** Input the guard could not use, as received, to the DLQ. */
  DEAD_LETTER("dead-letter");

  private final String branch;

  OutcomeSink(String branch) {
    this.branch = branch;
  }

  /** The name of this sink's branch of the topology's split (part of its processor names). */
  public String branch() {
    return branch;
  }

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
