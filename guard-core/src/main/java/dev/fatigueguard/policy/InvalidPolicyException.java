package dev.fatigueguard.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy or preferences document that cannot be used. Carries every problem found, not just the
 * first, so whoever fixes the document can fix it in one go.
 */
public class InvalidPolicyException extends RuntimeException {

  private final List<Violation> violations;

  public InvalidPolicyException(String what, List<Violation> violations) {
    super(message(what, violations));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String message(String what, List<Violation> violations) {
    String count = violations.size() == 1 ? "1 problem" : violations.size() + " problems";
    return "invalid "
        + what
        + " ("
        + count
        + "): "
        + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }
}
