package dev.fatigueguard.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts changes to one Kafka Streams instance's global policy table, so the stream threads can
 * keep the policies in memory and re-read the table only when it changed. Without it every message
 * read the default and the tenant policy from the global store (two RocksDB reads) just to find
 * them unchanged. The global thread counts a change after writing the table, so a thread that sees
 * the new count reads the new policy.
 */
final class PolicyTableChanges {

  private final AtomicLong count = new AtomicLong();

  void changed() {
    count.incrementAndGet();
  }

  long count() {
    return count.get();
  }
}
