package dev.fatigueguard.policy;

/**
 * One problem in a policy or preferences document. {@code field} is a JSON-path-like location
 * ({@code caps[1].window}, {@code $} for the document itself) so a UI can point at the input.
 */
public record Violation(String field, String problem) {

  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
