package dev.fatigueguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedgerCodecTest {

  private static final long START = Instant.parse("2026-11-24T08:13:27.481Z").toEpochMilli();
  private static final List<String> CHANNELS = List.of("EMAIL", "SMS");
  private static final List<String> CATEGORIES = List.of("MARKETING", "SERVICE", "NEWSLETTER");
  private static final List<Set<String>> TAGS =
      List.of(Set.of(), Set.of("black-friday"), Set.of("vip"), Set.of("black-friday", "vip"));

  /** A realistic ledger: contacts a few hours apart at arbitrary milliseconds. */
  static ContactLedger realistic(int contacts) {
    Random random = new Random(42);
    ContactLedger ledger = new ContactLedger();
    long t = START;
    for (int i = 0; i < contacts; i++) {
      t += 3_600_000L + random.nextInt(8 * 3_600_000);
      ledger.record(
          t, CHANNELS.get(i % 2), CATEGORIES.get(i % 3), TAGS.get(random.nextInt(TAGS.size())));
    }
    return ledger;
  }

  /** Where the recent-id section starts in {@link #formatTwo()}'s bytes. */
  private static final int FORMAT_TWO_IDS_AT = 38;

  /**
   * Ledgers are stored in RocksDB and changelogs that outlive any build: the bytes of version 2 are
   * pinned here, written out by hand from the format in {@link LedgerCodec}'s javadoc (as version 2
   * described it: a plain tag count, no campaign, no tenant).
   */
  @Test
  void readsFormatTwoWrittenByEarlierBuilds() {
    assertThat(LedgerCodec.decodeCustomer(formatTwo())).isEqualTo(formatTwoLedger());
    assertThat(LedgerCodec.decode(formatTwo()).get(1).campaign()).isNull();
    assertThat(LedgerCodec.decode(formatTwo()).get(1).tenant()).isNull();
  }

  /** Version 3 only adds two flags to the tag count: without campaign and tenant, a shift. */
  @Test
  void writesFormatThreeByteForByte() {
    byte[] expected = formatTwo();
    expected[0] = 3;
    expected[31] = 0; // first contact: no tags, no flags
    expected[36] = 1 << 2; // second contact: 1 tag, no flags

    byte[] encoded = LedgerCodec.encode(formatTwoLedger());

    assertThat(encoded).containsExactly(expected);
    assertThat(LedgerCodec.decodeCustomer(encoded)).isEqualTo(formatTwoLedger());
  }

  @Test
  void writesCampaignAndTenantThroughTheDictionary() {
    ContactLedger contacts = new ContactLedger();
    contacts.record(1_000, "EMAIL", "MARKETING", List.of(), "spring", "acme");
    contacts.record(1_500, "EMAIL", "MARKETING", List.of("acme"), null, "acme");

    byte[] expected = {
      3, // version
      4, // dictionary
      5,
      'E',
      'M',
      'A',
      'I',
      'L',
      9,
      'M',
      'A',
      'R',
      'K',
      'E',
      'T',
      'I',
      'N',
      'G',
      6,
      's',
      'p',
      'r',
      'i',
      'n',
      'g',
      4,
      'a',
      'c',
      'm',
      'e',
      2, // 2 contacts
      (byte) 0xD0,
      0x0F,
      1,
      2,
      0 << 2 | 2 | 1, // no tags, a campaign, a tenant
      3, // campaign spring
      4, // tenant acme
      (byte) 0xF4,
      0x03,
      1,
      2,
      1 << 2 | 1, // one tag, no campaign, a tenant
      4, // tag acme (the same dictionary entry as the tenant)
      4, // tenant acme
      0 // no recent ids
    };
    byte[] encoded = LedgerCodec.encode(contacts);

    assertThat(encoded).containsExactly(expected);
    ContactLedger decoded = LedgerCodec.decode(encoded);
    assertThat(decoded).isEqualTo(contacts);
    assertThat(decoded.get(0).campaign()).isEqualTo("spring");
    assertThat(decoded.get(0).tenant()).isEqualTo("acme");
    assertThat(decoded.get(1).campaign()).isNull();
  }

  @Test
  void rejectsAFlaggedCampaignThatNamesNothing() {
    byte[] bytes = {3, 0, 1, 2, 0, 0, 2, 0, 0};

    assertThatThrownBy(() -> LedgerCodec.decode(bytes))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessage("null campaign at contact 0");
  }

  private static ContactLedger formatTwoContacts() {
    ContactLedger contacts = new ContactLedger();
    contacts.record(1_000, "EMAIL", "MARKETING", List.of());
    contacts.record(
        1_500, "SMS", new String("MARKETING"), List.of("vip")); // equal, not the same instance
    return contacts;
  }

  private static CustomerLedger formatTwoLedger() {
    RecentMessageIds ids = new RecentMessageIds();
    ids.add("m-1", 1_000);
    ids.add("mé", 1_200);
    ids.setHeld("mé", true);
    return new CustomerLedger(formatTwoContacts(), ids);
  }

  private static byte[] formatTwo() {
    return new byte[] {
      2, // version
      4, // dictionary: 4 names, in order of first use
      5,
      'E',
      'M',
      'A',
      'I',
      'L',
      9,
      'M',
      'A',
      'R',
      'K',
      'E',
      'T',
      'I',
      'N',
      'G',
      3,
      'S',
      'M',
      'S',
      3,
      'v',
      'i',
      'p',
      2, // 2 contacts
      (byte) 0xD0,
      0x0F,
      1,
      2,
      0, // zig-zag 1000, EMAIL, MARKETING, no tags
      (byte) 0xF4,
      0x03,
      3,
      2,
      1,
      4, // +500, SMS, MARKETING, 1 tag: vip
      2, // 2 recent ids
      (byte) 0xD0,
      0x0F,
      3 << 1,
      'm',
      '-',
      '1', // zig-zag 1000, 3 bytes, not held
      (byte) 0xC8,
      0x01,
      3 << 1 | 1,
      'm',
      (byte) 0xC3,
      (byte) 0xA9 // +200, 3 UTF-8 bytes, held
    };
  }

  @Test
  void roundTripsIncludingNullsAndOutOfOrderRecording() {
    ContactLedger ledger = realistic(30);
    ledger.record(START - 5, null, null, List.of());
    ledger.record(-1_000, "ÜBER-channel", "категория", List.of("日本"));

    assertThat(LedgerCodec.decode(LedgerCodec.encode(ledger))).isEqualTo(ledger);
    assertThat(LedgerCodec.decode(LedgerCodec.encode(new ContactLedger())))
        .isEqualTo(new ContactLedger());
  }

  @Test
  void tenRecentContactsTakeWellUnder200Bytes() {
    int one = LedgerCodec.encode(realistic(1)).length;
    int ten = LedgerCodec.encode(realistic(10)).length;
    int hundred = LedgerCodec.encode(realistic(100)).length;
    System.out.printf("ledger sizes: 1 contact = %d B, 10 = %d B, 100 = %d B%n", one, ten, hundred);

    assertThat(ten).isLessThan(160);
    assertThat(one).isLessThan(50);
    assertThat(hundred).isLessThan(100 * 9);
  }

  @Test
  void startsWithTheVersionByte() {
    assertThat(LedgerCodec.encode(realistic(3))[0]).isEqualTo(LedgerCodec.VERSION);
    assertThatThrownBy(() -> LedgerCodec.decode(new byte[] {4, 0, 0, 0}))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessage("unsupported ledger format version 4 (this build reads 1 to 3)");
  }

  @Test
  void readsVersionOneLedgersWrittenBeforeIdsWereStoredWithThem() {
    // Version 1 is version 2 without the id section.
    byte[] v1 = Arrays.copyOf(formatTwo(), FORMAT_TWO_IDS_AT);
    v1[0] = 1;

    CustomerLedger decoded = LedgerCodec.decodeCustomer(v1);
    assertThat(decoded.contacts()).isEqualTo(formatTwoContacts());
    assertThat(decoded.recentIds().size()).isZero();
  }

  @Test
  void recentIdsRoundTripBesideTheContacts() {
    RecentMessageIds ids = new RecentMessageIds();
    ids.add("m-1", START);
    ids.add("épée-2", START + 60_000);
    ids.add("m-0", START - 5); // out of order: kept in time order
    ids.setHeld("m-1", true);
    CustomerLedger customer = new CustomerLedger(realistic(3), ids);

    CustomerLedger decoded = LedgerCodec.decodeCustomer(LedgerCodec.encode(customer));

    assertThat(decoded).isEqualTo(customer);
    assertThat(decoded.recentIds().id(0)).isEqualTo("m-0");
    assertThat(decoded.recentIds().seenAtMillis(2)).isEqualTo(START + 60_000);
    assertThat(decoded.recentIds().isHeld(1)).isTrue();
    assertThat(decoded.recentIds().isHeld(0)).isFalse();
  }

  @Test
  void rejectsTruncatedExtendedAndInconsistentBytes() {
    byte[] good = LedgerCodec.encode(realistic(5));

    for (int length = 0; length < good.length; length++) {
      byte[] truncated = Arrays.copyOf(good, length);
      assertThatThrownBy(() -> LedgerCodec.decode(truncated))
          .isInstanceOf(CorruptLedgerException.class);
    }
    byte[] extended = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> LedgerCodec.decode(extended))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessageContaining("trailing");
    // version 1, one string "A", one contact referring to string 7
    assertThatThrownBy(() -> LedgerCodec.decode(new byte[] {1, 1, 1, 'A', 1, 0, 7, 1, 0}))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessageContaining("channel reference 7 outside dictionary");
    // a huge claimed dictionary must not allocate
    assertThatThrownBy(
            () ->
                LedgerCodec.decode(
                    new byte[] {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessageContaining("dictionary size");
    // an endless varint
    byte[] endless = new byte[20];
    Arrays.fill(endless, (byte) 0xFF);
    endless[0] = 1;
    assertThatThrownBy(() -> LedgerCodec.decode(endless))
        .isInstanceOf(CorruptLedgerException.class);
    // invalid UTF-8
    assertThatThrownBy(() -> LedgerCodec.decode(new byte[] {1, 1, 1, (byte) 0xC3, 0}))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void randomGarbageNeverFailsWithAnythingButCorruptLedgerException() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] garbage = new byte[random.nextInt(64)];
      random.nextBytes(garbage);
      if (garbage.length > 0 && random.nextBoolean()) {
        garbage[0] = LedgerCodec.VERSION;
      }
      try {
        LedgerCodec.decode(garbage);
      } catch (CorruptLedgerException expected) {
        // fine
      }
    }
  }
}
