package dev.fatigueguard.ledger;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The recent approved contacts of ONE customer, oldest first. This is all the state the cap rules
 * need: the decider counts contacts in windows, the caller {@link #record records} each approval
 * that counts and {@link #pruneBefore prunes} what no window can reach any more.
 *
 * <p>Contacts are kept sorted by time in a plain array: ledgers are small (tens of contacts), the
 * decider scans them on every message, and records usually arrive in time order so insertion is an
 * append. A contact older than the newest one (records are not always in time order) is inserted at
 * its place. Contacts with equal times keep their recording order.
 *
 * <p>Not thread-safe: a ledger belongs to one stream task's customer at a time.
 */
public final class ContactLedger implements Iterable<Contact> {

  private static final Contact[] EMPTY = new Contact[0];

  private Contact[] contacts;
  private int size;

  public ContactLedger() {
    this.contacts = EMPTY;
  }

  /**
   * A ledger holding {@code sorted}, which must already be in time order (as the codec writes
   * them).
   */
  ContactLedger(Contact[] sorted, int size) {
    this.contacts = sorted;
    this.size = size;
  }

  public static ContactLedger of(Collection<Contact> contacts) {
    ContactLedger ledger = new ContactLedger();
    for (Contact contact : contacts) {
      ledger.insert(contact);
    }
    return ledger;
  }

  public void record(long atMillis, String channel, String category, Collection<String> tags) {
    record(atMillis, channel, category, tags, null, null);
  }

  /**
   * @param campaign the message's campaign, or null
   * @param tenant the sender tenant, or null
   */
  public void record(
      long atMillis,
      String channel,
      String category,
      Collection<String> tags,
      String campaign,
      String tenant) {
    insert(
        new Contact(
            atMillis,
            channel,
            category,
            tags == null ? Set.of() : Set.copyOf(tags),
            campaign,
            tenant));
  }

  private void insert(Contact contact) {
    if (size == contacts.length) {
      contacts = Arrays.copyOf(contacts, Math.max(8, size * 2));
    }
    int at = size;
    // Walk back from the end: out-of-order contacts are rare and usually only slightly late.
    while (at > 0 && contacts[at - 1].atMillis() > contact.atMillis()) {
      at--;
    }
    System.arraycopy(contacts, at, contacts, at + 1, size - at);
    contacts[at] = contact;
    size++;
  }

  /** Forgets every contact strictly before {@code cutoffMillis}; returns how many were removed. */
  public int pruneBefore(long cutoffMillis) {
    int keepFrom = 0;
    while (keepFrom < size && contacts[keepFrom].atMillis() < cutoffMillis) {
      keepFrom++;
    }
    if (keepFrom > 0) {
      System.arraycopy(contacts, keepFrom, contacts, 0, size - keepFrom);
      Arrays.fill(contacts, size - keepFrom, size, null);
      size -= keepFrom;
    }
    return keepFrom;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The i-th contact, oldest first; indexed access lets the decider scan without an iterator. */
  public Contact get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return contacts[index];
  }

  public long newestMillis() {
    return size == 0 ? Long.MIN_VALUE : contacts[size - 1].atMillis();
  }

  /** A read-only view, oldest first. */
  public List<Contact> contacts() {
    return new AbstractList<>() {
      @Override
      public Contact get(int index) {
        return ContactLedger.this.get(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Iterator<Contact> iterator() {
    return contacts().iterator();
  }

  public ContactLedger copy() {
    return new ContactLedger(Arrays.copyOf(contacts, Math.max(size, 1)), size);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ContactLedger that) || that.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!contacts[i].equals(that.contacts[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = 0; i < size; i++) {
      hash = 31 * hash + contacts[i].hashCode();
    }
    return hash;
  }

  @Override
  public String toString() {
    return "ContactLedger" + contacts();
  }
}
