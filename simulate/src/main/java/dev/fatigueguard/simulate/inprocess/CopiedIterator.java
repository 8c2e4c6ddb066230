package dev.fatigueguard.simulate.inprocess;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * An iterator over results copied out of a replay's in-memory store before iterating: they are few,
 * and the store may change while the caller iterates (the guard deletes held messages it has read).
 */
class CopiedIterator<K> implements KeyValueIterator<K, byte[]> {

  private final Iterator<KeyValue<K, byte[]>> items;
  private KeyValue<K, byte[]> next;

  CopiedIterator(List<KeyValue<K, byte[]>> items) {
    this.items = items.iterator();
    this.next = this.items.hasNext() ? this.items.next() : null;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public KeyValue<K, byte[]> next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    KeyValue<K, byte[]> current = next;
    next = items.hasNext() ? items.next() : null;
    return current;
  }

  @Override
  public K peekNextKey() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    return next.key;
  }

  @Override
  public void close() {
    // nothing to release
  }
}
