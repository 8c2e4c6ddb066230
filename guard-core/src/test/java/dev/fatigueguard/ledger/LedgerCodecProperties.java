package dev.fatigueguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class LedgerCodecProperties {

  @Property(tries = 500)
  void decodingWhatWasEncodedGivesTheSameLedger(@ForAll("ledgers") ContactLedger ledger) {
    assertThat(LedgerCodec.decode(LedgerCodec.encode(ledger))).isEqualTo(ledger);
  }

  @Property(tries = 300)
  void decodingWhatWasEncodedGivesTheSameContactsAndIds(
      @ForAll("ledgers") ContactLedger ledger, @ForAll("recentIds") RecentMessageIds ids) {
    CustomerLedger customer = new CustomerLedger(ledger, ids);
    assertThat(LedgerCodec.decodeCustomer(LedgerCodec.encode(customer))).isEqualTo(customer);
  }

  @Provide
  Arbitrary<RecentMessageIds> recentIds() {
    Arbitrary<String> ids = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
    Arbitrary<Long> times = Arbitraries.longs().between(1_700_000_000_000L, 1_700_100_000_000L);
    return Combinators.combine(ids, times, Arbitraries.of(true, false))
        .as(Tuple::of)
        .list()
        .ofMaxSize(30)
        .map(
            seen -> {
              RecentMessageIds out = new RecentMessageIds();
              seen.forEach(
                  t -> {
                    out.add(t.get1(), t.get2());
                    out.setHeld(t.get1(), t.get3());
                  });
              return out;
            });
  }

  @Property(tries = 300)
  void everyCorruptionIsReportedAsSuch(
      @ForAll("ledgers") ContactLedger ledger, @ForAll("flips") List<Integer> flips) {
    byte[] bytes = LedgerCodec.encode(ledger);
    for (int flip : flips) {
      bytes[Math.floorMod(flip, bytes.length)] ^= (byte) (flip >>> 8 | 1);
    }
    try {
      LedgerCodec.decode(bytes);
    } catch (CorruptLedgerException expected) {
      // the only acceptable failure
    }
  }

  @Provide
  Arbitrary<List<Integer>> flips() {
    return Arbitraries.integers().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<ContactLedger> ledgers() {
    Arbitrary<String> names =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of("EMAIL", "SMS", "MARKETING", "SERVICE", "promo", "vip")),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
    Arbitrary<Long> times =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(1_700_000_000_000L, 1_900_000_000_000L)),
            Tuple.of(1, Arbitraries.longs()),
            Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L)));
    Arbitrary<Contact> contacts =
        Combinators.combine(
                times,
                names.injectNull(0.05),
                names.injectNull(0.05),
                names.set().ofMaxSize(3),
                names.injectNull(0.5),
                names.injectNull(0.5))
            .as(Contact::new);
    return contacts.list().ofMaxSize(40).map(ContactLedger::of);
  }
}
