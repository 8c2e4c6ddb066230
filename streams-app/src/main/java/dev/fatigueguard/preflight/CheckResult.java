package dev.fatigueguard.preflight;

/**
 * The outcome of one check: what was checked, what was found and, when it failed, what to do.
 *
 * @param check short name, e.g. {@code broker} or {@code topic contact-policies}
 * @param status whether the guard can start as far as this check can tell
 * @param detail what was found, naming the setting and value concerned
 * @param fix what to change when the check failed; empty otherwise
 */
public record CheckResult(String check, Status status, String detail, String fix) {

  /** How a check ended. */
  public enum Status {
    /** Fine. */
    PASS("✓"),
    /** The guard would not work; {@link #fix} says what to change. */
    FAIL("✗"),
    /** Nothing to hold against the guard, but nothing verified either (e.g. no authorizer). */
    NOTE("–");

    private final String mark;

    Status(String mark) {
      this.mark = mark;
    }

    public String mark() {
      return mark;
    }
  }

  public static CheckResult pass(String check, String detail) {
    return new CheckResult(check, Status.PASS, detail, "");
  }

  public static CheckResult fail(String check, String detail, String fix) {
    return new CheckResult(check, Status.FAIL, detail, fix);
  }

  public static CheckResult note(String check, String detail) {
    return new CheckResult(check, Status.NOTE, detail, "");
  }

  /** One line: mark, check, what was found and, on failure, the fix. */
  public String line() {
    String text = status.mark() + " " + check + ": " + detail;
    return fix.isEmpty() ? text : text + " — fix: " + fix;
  }
}
