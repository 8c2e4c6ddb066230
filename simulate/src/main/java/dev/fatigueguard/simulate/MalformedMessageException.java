package dev.fatigueguard.simulate;

/**
 * One input line that cannot become an OutboundMessage; names the field so the sender can fix it.
 */
public final class MalformedMessageException extends RuntimeException {

  private final String field;
  private final String problem;

  public MalformedMessageException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
