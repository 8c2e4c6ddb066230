package dev.fatigueguard.decision;

import java.util.List;

/**
 * The decider's answer for one message.
 *
 * @param reason {@code null} for an approval; for DROP why; for HOLD the kind of rule that holds it
 *     back (SNOOZED, QUIET_HOURS, CAP_EXCEEDED)
 * @param ruleId the layer-qualified rule that decided ({@code tenant:acme/daily}, {@code
 *     customer/snooze}, {@code customer/opt-out[SMS,*]}); {@code null} for a plain approval
 * @param detail one human sentence saying why, for the audit log
 * @param releaseAtMillis for HOLD: when to decide again (every rule allows it then, given the
 *     current ledger); {@link #NO_RELEASE} otherwise
 * @param counts for APPROVE: whether the caller must record the contact in the ledger
 * @param windowCounts every cap whose scope matches the message, and what it saw
 */
public record Verdict(
    Outcome outcome,
    Reason reason,
    String ruleId,
    String detail,
    long releaseAtMillis,
    boolean counts,
    List<CapUsage> windowCounts) {

  public static final long NO_RELEASE = -1;

  public Verdict {
    windowCounts = windowCounts == null ? List.of() : List.copyOf(windowCounts);
  }

  public boolean approved() {
    return outcome == Outcome.APPROVE;
  }

  static Verdict approve(
      String ruleId, String detail, boolean counts, List<CapUsage> windowCounts) {
    return new Verdict(Outcome.APPROVE, null, ruleId, detail, NO_RELEASE, counts, windowCounts);
  }

  static Verdict hold(
      Reason reason,
      String ruleId,
      String detail,
      long releaseAtMillis,
      List<CapUsage> windowCounts) {
    return new Verdict(Outcome.HOLD, reason, ruleId, detail, releaseAtMillis, false, windowCounts);
  }

  static Verdict drop(Reason reason, String ruleId, String detail, List<CapUsage> windowCounts) {
    return new Verdict(Outcome.DROP, reason, ruleId, detail, NO_RELEASE, false, windowCounts);
  }
}
