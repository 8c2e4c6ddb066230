package dev.fatigueguard.policy;

/**
 * A (channel, category) pair the customer refuses; {@code null} means any. {@code OptOutRule(null,
 * null)} refuses everything that is not required.
 *
 * <p>An opt-out is absolute, even for exempt categories, with one exception: it never applies to
 * the policy's required categories (by default SECURITY). A customer may still store an opt-out
 * that names a required category (the preference centre need not know the policy); it is simply
 * ignored for messages of that category.
 */
public record OptOutRule(String channel, String category) {

  public boolean matches(String messageChannel, String messageCategory) {
    return (channel == null || channel.equals(messageChannel))
        && (category == null || category.equals(messageCategory));
  }

  /** A stable name for audit output, e.g. {@code opt-out[SMS,*]}. */
  public String describe() {
    return "opt-out["
        + (channel == null ? "*" : channel)
        + ","
        + (category == null ? "*" : category)
        + "]";
  }
}
