package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CustomerLinksTest {

  private static final String KEY = "current-key-0123456789-0123456789-abc";
  private static final String OLD_KEY = "previous-key-0123456789-0123456789-xyz";
  private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
  private static final Instant LATER = NOW.plus(Duration.ofDays(30));

  private final CustomerLinks links = new CustomerLinks(KEY, "");

  @Test
  void aSignedTokenNamesItsCustomerAndExpiryUntilItExpires() {
    String token = links.sign("cust-ä/42", LATER);
    assertThat(links.check(token, NOW)).isEqualTo(new CustomerLinks.Valid("cust-ä/42", LATER));
    assertThat(links.check(token, LATER.minusSeconds(1))).isInstanceOf(CustomerLinks.Valid.class);
    assertThat(links.check(token, LATER)).isEqualTo(new CustomerLinks.Expired(LATER));
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  }

  @Test
  void aTokenWhosePayloadNamesAnotherCustomerOrExpiryIsInvalid() {
    String token = links.sign("cust-1", LATER);
    String mac = token.substring(token.indexOf('.'));
    String otherCustomer = links.sign("cust-2", LATER);
    String swapped = otherCustomer.substring(0, otherCustomer.indexOf('.')) + mac;
    assertThat(links.check(swapped, NOW)).isInstanceOf(CustomerLinks.Invalid.class);
    String longer = links.sign("cust-1", LATER.plus(Duration.ofDays(365)));
    assertThat(links.check(longer.substring(0, longer.indexOf('.')) + mac, NOW))
        .isInstanceOf(CustomerLinks.Invalid.class);
  }

  @Test
  void everyFlippedBitOfATokenMakesItInvalid() {
    String token = links.sign("cust-1", LATER);
    int dot = token.indexOf('.');
    byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
    byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    for (int bit = 0; bit < payload.length * 8; bit++) {
      byte[] p = payload.clone();
      p[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(links.check(enc.encodeToString(p) + "." + enc.encodeToString(mac), NOW))
          .as("payload bit %d", bit)
          .isInstanceOf(CustomerLinks.Invalid.class);
    }
    for (int bit = 0; bit < mac.length * 8; bit++) {
      byte[] m = mac.clone();
      m[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(links.check(enc.encodeToString(payload) + "." + enc.encodeToString(m), NOW))
          .as("mac bit %d", bit)
          .isInstanceOf(CustomerLinks.Invalid.class);
    }
  }

  @Test
  void aTokenSignedWithAnotherKeyIsInvalid() {
    String foreign = new CustomerLinks(OLD_KEY, "").sign("cust-1", LATER);
    assertThat(links.check(foreign, NOW)).isInstanceOf(CustomerLinks.Invalid.class);
  }

  @Test
  void duringARotationTokensOfThePreviousKeyAreStillAcceptedAndNewOnesUseTheCurrentKey() {
    String old = new CustomerLinks(OLD_KEY, "").sign("cust-1", LATER);
    CustomerLinks rotating = new CustomerLinks(KEY, OLD_KEY);
    assertThat(rotating.check(old, NOW)).isEqualTo(new CustomerLinks.Valid("cust-1", LATER));
    String fresh = rotating.sign("cust-1", LATER);
    assertThat(links.check(fresh, NOW)).isInstanceOf(CustomerLinks.Valid.class);
    assertThat(new CustomerLinks(OLD_KEY, "").check(fresh, NOW))
        .isInstanceOf(CustomerLinks.Invalid.class);
    // Rotation done: the previous key is dropped, and its links stop working.
    assertThat(new CustomerLinks(KEY, "").check(old, NOW))
        .isInstanceOf(CustomerLinks.Invalid.class);
  }

  @Test
  void malformedTokensAreInvalidNotErrors() {
    for (String bad :
        new String[] {
          null, "", ".", "abc", "abc.", ".abc", "a.b.c", "!!!.???", "AAAA.AAAA", "x".repeat(10_000)
        }) {
      assertThat(links.check(bad, NOW))
          .as(String.valueOf(bad))
          .isInstanceOf(CustomerLinks.Invalid.class);
    }
  }

  @Test
  void withoutAKeyNoTokenIsValidAndNoneCanBeIssued() {
    CustomerLinks off = new CustomerLinks("", "");
    assertThat(off.enabled()).isFalse();
    assertThat(off.check(links.sign("cust-1", LATER), NOW))
        .isInstanceOf(CustomerLinks.Invalid.class);
  }

  @Test
  void theMacCoversADomainSoAPlainHmacOfThePayloadIsNotAToken() throws Exception {
    String token = links.sign("cust-1", LATER);
    byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String plain =
        token.substring(0, token.indexOf('.'))
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload));
    assertThat(links.check(plain, NOW)).isInstanceOf(CustomerLinks.Invalid.class);
  }
}
