package dev.fatigueguard.api;

import dev.fatigueguard.config.GuardConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Maps bearer tokens to roles. Only SHA-256 hashes of tokens are configured, so the configuration
 * never holds a usable secret; a presented token is hashed and compared against every configured
 * hash with {@link MessageDigest#isEqual} (constant time), without stopping at the first match, so
 * response time says nothing about which hash came close. Tokens are never logged.
 */
public final class BearerTokens {

  private record Entry(byte[] hash, Role role) {}

  private final List<Entry> entries = new ArrayList<>();

  public BearerTokens(GuardConfig config) {
    for (Role role : Role.values()) {
      for (String hex : config.get(role.tokensSetting()).split(",")) {
        if (!hex.isBlank()) {
          // GuardConfig validated the format at start.
          entries.add(
              new Entry(
                  HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT)), role));
        }
      }
    }
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The roles of the token in an {@code Authorization} header value; empty when unknown or absent.
   */
  public Set<Role> rolesOf(String authorizationHeader) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return roles;
    }
    String token = authorizationHeader.substring(7).trim();
    if (token.isEmpty()) {
      return roles;
    }
    byte[] presented = sha256(token);
    for (Entry e : entries) {
      if (MessageDigest.isEqual(presented, e.hash())) {
        roles.add(e.role());
      }
    }
    return roles;
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The value to configure for a token: its SHA-256 in lower-case hex. */
  public static String hashOf(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }
}
