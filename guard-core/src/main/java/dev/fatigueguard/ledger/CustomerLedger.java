package dev.fatigueguard.ledger;

/**
 * Everything the guard remembers about what ONE customer was recently sent, stored as one value
 * (the contact-ledger store, {@link LedgerCodec}): the contacts the caps count, and the message ids
 * seen within the dedup window. One value means one store read and at most one write per message.
 */
public record CustomerLedger(ContactLedger contacts, RecentMessageIds recentIds) {

  public CustomerLedger() {
    this(new ContactLedger(), new RecentMessageIds());
  }

  public boolean isEmpty() {
    return contacts.isEmpty() && recentIds.size() == 0;
  }
}
