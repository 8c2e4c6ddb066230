package dev.fatigueguard.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded map that forgets the least recently used entry first. Not thread-safe: one belongs to
 * one task, which one stream thread runs at a time.
 */
final class RecentlyUsed<V> {

  private final int capacity;
  private final LinkedHashMap<String, V> entries;

  /** Keeps at most {@code capacity} entries; 0 keeps none. */
  RecentlyUsed(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > RecentlyUsed.this.capacity;
          }
        };
  }

  /** The entry, or null; a hit makes it the most recently used. */
  V get(String key) {
    return entries.get(key);
  }

  void put(String key, V value) {
    if (capacity > 0) {
      entries.put(key, value);
    }
  }

  void remove(String key) {
    entries.remove(key);
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
