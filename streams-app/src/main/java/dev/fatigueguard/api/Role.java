package dev.fatigueguard.api;

import dev.fatigueguard.config.GuardSetting;
import io.javalin.security.RouteRole;

/**
 * What a bearer token may do. Roles do not imply each other: a token that should do everything has
 * its hash listed under every role.
 */
public enum Role implements RouteRole {
  /** Read and write policies. */
  ADMIN(GuardSetting.HTTP_TOKENS_ADMIN),
  /** Read, write and erase customer preferences. */
  PREFERENCES(GuardSetting.HTTP_TOKENS_PREFERENCES),
  /** Read budgets, held messages, dashboard stats and metrics. */
  READER(GuardSetting.HTTP_TOKENS_READER);

  private final GuardSetting tokens;

  Role(GuardSetting tokens) {
    this.tokens = tokens;
  }

  /** The setting that lists the SHA-256 hashes of this role's tokens. */
  public GuardSetting tokensSetting() {
    return tokens;
  }
}
