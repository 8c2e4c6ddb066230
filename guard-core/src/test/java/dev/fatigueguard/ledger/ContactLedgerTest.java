package dev.fatigueguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContactLedgerTest {

  @Test
  void keepsContactsInTimeOrderWhateverOrderTheyAreRecordedIn() {
    ContactLedger ledger = new ContactLedger();
    ledger.record(300, "EMAIL", "MARKETING", List.of());
    ledger.record(100, "SMS", "SERVICE", List.of("a"));
    ledger.record(300, "PUSH", "MARKETING", List.of());
    ledger.record(200, "EMAIL", "NEWSLETTER", List.of());
    for (int i = 0; i < 20; i++) {
      ledger.record(1_000 + i, "EMAIL", "MARKETING", List.of());
    }

    assertThat(ledger.size()).isEqualTo(24);
    assertThat(ledger.contacts().subList(0, 4))
        .containsExactly(
            new Contact(100, "SMS", "SERVICE", Set.of("a")),
            new Contact(200, "EMAIL", "NEWSLETTER", Set.of()),
            new Contact(300, "EMAIL", "MARKETING", Set.of()),
            new Contact(300, "PUSH", "MARKETING", Set.of()));
    assertThat(ledger.newestMillis()).isEqualTo(1_019);
  }

  @Test
  void pruningForgetsOnlyContactsBeforeTheCutoff() {
    ContactLedger ledger = new ContactLedger();
    for (long t = 0; t < 10; t++) {
      ledger.record(t * 100, "EMAIL", "MARKETING", List.of());
    }

    assertThat(ledger.pruneBefore(300)).isEqualTo(3);
    assertThat(ledger.get(0).atMillis()).isEqualTo(300);
    assertThat(ledger.size()).isEqualTo(7);
    assertThat(ledger.pruneBefore(0)).isZero();
    assertThat(ledger.pruneBefore(Long.MAX_VALUE)).isEqualTo(7);
    assertThat(ledger.isEmpty()).isTrue();
  }

  @Test
  void aCopyIsIndependent() {
    ContactLedger ledger = new ContactLedger();
    ledger.record(1, "EMAIL", "MARKETING", List.of());
    ContactLedger copy = ledger.copy();

    copy.record(2, "SMS", "MARKETING", List.of());

    assertThat(ledger.size()).isEqualTo(1);
    assertThat(copy.size()).isEqualTo(2);
    assertThat(ledger).isNotEqualTo(copy);
  }
}
