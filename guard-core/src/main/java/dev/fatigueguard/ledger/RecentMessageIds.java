package dev.fatigueguard.ledger;

import java.util.Arrays;

/**
 * The message ids ONE customer was sent within the dedup window, each with when it was first seen,
 * oldest first. Kept beside the customer's contacts in one stored value, so the dedup check costs
 * no store read of its own: the guard reads that value for every message anyway.
 *
 * <p>A customer receives a handful of messages a day, so a linear scan of a small array beats any
 * index. Ids are only added when first seen; a duplicate does not move the original's time, so an
 * id is accepted again once its first sighting leaves the window.
 *
 * <p>Not thread-safe: it belongs to one stream task's customer at a time.
 */
public final class RecentMessageIds {

    private static final String[] NO_IDS = new String[0];
    private static final long[] NO_TIMES = new long[0];

    private String[] ids;
    private long[] seenAt;
    private int size;

    public RecentMessageIds() {
        this(NO_IDS, NO_TIMES, 0);
    }

    /** Ids in first-seen order, as the codec writes them. */
    RecentMessageIds(String[] ids, long[] seenAt, int size) {
        this.ids = ids;
        this.seenAt = seenAt;
        this.size = size;
    }

    /** Whether {@code id} was first seen after {@code cutoffMillis} (the start of the dedup window, exclusive). */
    public boolean seenAfter(String id, long cutoffMillis) {
        for (int i = size - 1; i >= 0 && seenAt[i] > cutoffMillis; i--) {
            if (ids[i].equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Remembers {@code id} as seen at {@code atMillis}; keeps the array in time order. */
    public void add(String id, long atMillis) {
        if (size == ids.length) {
            int capacity = Math.max(4, size * 2);
            ids = Arrays.copyOf(ids, capacity);
            seenAt = Arrays.copyOf(seenAt, capacity);
        }
        int at = size;
        while (at > 0 && seenAt[at - 1] > atMillis) {
            at--;
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        System.arraycopy(seenAt, at, seenAt, at + 1, size - at);
        ids[at] = id;
        seenAt[at] = atMillis;
        size++;
    }

    /** Forgets every id first seen at or before {@code cutoffMillis}; returns how many went. */
    public int forgetUpTo(long cutoffMillis) {
        int keepFrom = 0;
        while (keepFrom < size && seenAt[keepFrom] <= cutoffMillis) {
            keepFrom++;
        }
        if (keepFrom > 0) {
            System.arraycopy(ids, keepFrom, ids, 0, size - keepFrom);
            System.arraycopy(seenAt, keepFrom, seenAt, 0, size - keepFrom);
            Arrays.fill(ids, size - keepFrom, size, null);
            size -= keepFrom;
        }
        return keepFrom;
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
            if (seenAt[i] != that.seenAt[i] || !ids[i].equals(that.ids[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + ids[i].hashCode() + Long.hashCode(seenAt[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("RecentMessageIds[");
        for (int i = 0; i < size; i++) {
            out.append(i == 0 ? "" : ", ").append(ids[i]).append('@').append(seenAt[i]);
        }
        return out.append(']').toString();
    }
}
