package dev.fatigueguard.ledger;

import java.util.Arrays;

/**
 * The message ids ONE customer was sent within the dedup window, each with when it was first seen,
 * oldest first, plus the ids of the customer's messages that are held right now, however old. Kept
 * beside the customer's contacts in one stored value, so the dedup check costs no store read of its
 * own: the guard reads that value for every message anyway.
 *
 * <p>A customer receives a handful of messages a day, so a linear scan of a small array beats any
 * index. Ids are only added when first seen; a duplicate does not move the original's time, so an
 * id is accepted again once its first sighting leaves the window — unless its message is still
 * held: a held message blocks its duplicates until it is released or dropped.
 *
 * <p>Not thread-safe: it belongs to one stream task's customer at a time.
 */
public final class RecentMessageIds {

  private static final String[] NO_IDS = new String[0];
  private static final long[] NO_TIMES = new long[0];

  private static final boolean[] NOT_HELD = new boolean[0];

  private String[] ids;
  private long[] seenAt;
  private boolean[] held;
  private int size;

  public RecentMessageIds() {
    this(NO_IDS, NO_TIMES, NOT_HELD, 0);
  }

  /** Ids in first-seen order, as the codec writes them. */
  RecentMessageIds(String[] ids, long[] seenAt, boolean[] held, int size) {
    this.ids = ids;
    this.seenAt = seenAt;
    this.held = held;
    this.size = size;
  }

  /**
   * Whether {@code id} was first seen after {@code cutoffMillis} (the start of the dedup window,
   * exclusive), or its message is held.
   */
  public boolean seenAfter(String id, long cutoffMillis) {
    for (int i = size - 1; i >= 0; i--) {
      if ((seenAt[i] > cutoffMillis || held[i]) && ids[i].equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** Marks the id's message as held (or no longer held); an id not remembered is ignored. */
  public void setHeld(String id, boolean isHeld) {
    for (int i = size - 1; i >= 0; i--) {
      if (ids[i].equals(id)) {
        held[i] = isHeld;
        return;
      }
    }
  }

  public boolean isHeld(int index) {
    checkIndex(index);
    return held[index];
  }

  /** Remembers {@code id} as seen at {@code atMillis}; keeps the array in time order. */
  public void add(String id, long atMillis) {
    if (size == ids.length) {
      int capacity = Math.max(4, size * 2);
      ids = Arrays.copyOf(ids, capacity);
      seenAt = Arrays.copyOf(seenAt, capacity);
      held = Arrays.copyOf(held, capacity);
    }
    int at = size;
    while (at > 0 && seenAt[at - 1] > atMillis) {
      at--;
    }
    System.arraycopy(ids, at, ids, at + 1, size - at);
    System.arraycopy(seenAt, at, seenAt, at + 1, size - at);
    System.arraycopy(held, at, held, at + 1, size - at);
    ids[at] = id;
    seenAt[at] = atMillis;
    held[at] = false;
    size++;
  }

  /**
   * Forgets every id first seen at or before {@code cutoffMillis} whose message is not held;
   * returns how many went.
   */
  public int forgetUpTo(long cutoffMillis) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (seenAt[i] > cutoffMillis || held[i]) {
        ids[kept] = ids[i];
        seenAt[kept] = seenAt[i];
        held[kept] = held[i];
        kept++;
      }
    }
    int forgotten = size - kept;
    Arrays.fill(ids, kept, size, null);
    size = kept;
    return forgotten;
  }

  public int size() {
    return size;
  }

  public String id(int index) {
    checkIndex(index);
    return ids[index];
  }

  public long seenAtMillis(int index) {
    checkIndex(index);
    return seenAt[index];
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof RecentMessageIds that) || that.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (seenAt[i] != that.seenAt[i] || held[i] != that.held[i] || !ids[i].equals(that.ids[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = 0; i < size; i++) {
      hash = 31 * hash + ids[i].hashCode() + Long.hashCode(seenAt[i]) + (held[i] ? 1 : 0);
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("RecentMessageIds[");
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "" : ", ")
          .append(ids[i])
          .append('@')
          .append(seenAt[i])
          .append(held[i] ? " held" : "");
    }
    return out.append(']').toString();
  }
}
