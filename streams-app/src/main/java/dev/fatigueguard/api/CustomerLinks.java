package dev.fatigueguard.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the tokens of customer links: a token grants its holder the preference centre of
 * one customer until it expires, and nothing else.
 *
 * <pre>
 *   token   = base64url(payload) "." base64url(HMAC-SHA256(key, DOMAIN ‖ payload))   (no padding)
 *   payload = byte version (= 1) ‖ 8 bytes expiry (epoch seconds, big-endian) ‖ customerId (UTF-8)
 * </pre>
 *
 * The MAC covers a fixed domain string as well, so no other HMAC the platform computes with the
 * same key can be passed off as a link. A token is checked against the current key and, during a
 * rotation, the previous one; both MACs are always computed and compared with {@link
 * MessageDigest#isEqual} (constant time), so timing says nothing about which key or how many bytes
 * matched. Nothing is stored per link: a link cannot be revoked before it expires except by
 * rotating the key (which revokes every link signed with the old one once it is dropped).
 */
public final class CustomerLinks {

  /** What a presented token turned out to be. */
  sealed interface Check {}

  /** A valid token for {@code customerId}, good until {@code expiresAt}. */
  record Valid(String customerId, Instant expiresAt) implements Check {}

  /** Signed by a known key but past its expiry. */
  record Expired(Instant expiredAt) implements Check {}

  /** Not a token at all, tampered with, or signed with a key this guard does not hold. */
  record Invalid() implements Check {}

  static final byte VERSION = 1;
  private static final byte[] DOMAIN =
      "fatigue-guard preference-centre link\0".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_CUSTOMER_ID_BYTES = 1024;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec current;
  private final SecretKeySpec previous;

  /**
   * @param secret the signing key; blank means links are disabled (every token is invalid)
   * @param previousSecret also accepted for checking; blank means none
   */
  public CustomerLinks(String secret, String previousSecret) {
    this.current = key(secret);
    this.previous = key(previousSecret);
  }

  boolean enabled() {
    return current != null;
  }

  /**
   * The link to {@code customerId}'s preference centre at {@code baseUrl} (e.g. {@code
   * https://prefs.example.com}), valid until {@code expiresAt}: the token rides in the fragment,
   * which browsers send neither to the server nor in a Referer.
   */
  public String url(String baseUrl, String customerId, Instant expiresAt) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return base + "/me#token=" + sign(customerId, expiresAt);
  }

  /** A token for {@code customerId} valid until {@code expiresAt} (rounded down to the second). */
  public String sign(String customerId, Instant expiresAt) {
    if (current == null) {
      throw new IllegalStateException("no signing key configured");
    }
    byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
    byte[] payload =
        ByteBuffer.allocate(1 + 8 + id.length)
            .put(VERSION)
            .putLong(expiresAt.getEpochSecond())
            .put(id)
            .array();
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(current, payload));
  }

  /** What {@code token} is at {@code now}. */
  Check check(String token, Instant now) {
    if (current == null || token == null || token.length() > 4 * MAX_CUSTOMER_ID_BYTES) {
      return new Invalid();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return new Invalid();
    }
    byte[] payload;
    byte[] presented;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      presented = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return new Invalid();
    }
    boolean matchesCurrent = MessageDigest.isEqual(presented, mac(current, payload));
    boolean matchesPrevious =
        previous != null && MessageDigest.isEqual(presented, mac(previous, payload));
    if (!(matchesCurrent | matchesPrevious)) {
      return new Invalid();
    }
    // Authentic from here on: the fields were written by sign().
    if (payload.length < 10 || payload[0] != VERSION) {
      return new Invalid();
    }
    ByteBuffer in = ByteBuffer.wrap(payload);
    in.get();
    Instant expiresAt = Instant.ofEpochSecond(in.getLong());
    Optional<String> customerId = utf8(Arrays.copyOfRange(payload, 9, payload.length));
    if (customerId.isEmpty()) {
      return new Invalid();
    }
    if (!now.isBefore(expiresAt)) {
      return new Expired(expiresAt);
    }
    return new Valid(customerId.get(), expiresAt);
  }

  private static SecretKeySpec key(String secret) {
    return secret == null || secret.isBlank()
        ? null
        : new SecretKeySpec(secret.trim().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  private static byte[] mac(SecretKeySpec key, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(DOMAIN);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
