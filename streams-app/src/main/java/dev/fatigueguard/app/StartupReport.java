package dev.fatigueguard.app;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says how long the instance took to reach RUNNING and why: how many rebalances it went through and
 * how many records it restored from the changelogs (none after a clean restart with local state,
 * all of them on an empty state directory). Logged at every transition to RUNNING, so a rebalance
 * after a fail-over is explained the same way as the start.
 */
final class StartupReport implements StateRestoreListener {

  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  private final AtomicLong startedNanos = new AtomicLong();
  private final AtomicLong phaseStartNanos = new AtomicLong();
  private final AtomicInteger rebalances = new AtomicInteger();
  private final AtomicLong restoredRecords = new AtomicLong();
  private final AtomicInteger restoredPartitions = new AtomicInteger();
  private final AtomicLong restoreNanos = new AtomicLong();
  private volatile boolean reachedRunning;

  void started() {
    long now = System.nanoTime();
    startedNanos.set(now);
    phaseStartNanos.set(now);
  }

  void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    if (newState == KafkaStreams.State.REBALANCING) {
      if (oldState == KafkaStreams.State.RUNNING) {
        phaseStartNanos.set(System.nanoTime());
      }
      rebalances.incrementAndGet();
    } else if (newState == KafkaStreams.State.RUNNING) {
      long now = System.nanoTime();
      String since =
          reachedRunning ? "after the rebalance began" : "after start (process start excluded)";
      LOG.info(
          "RUNNING {} ms {}: {} rebalance(s), restored {} records from {} changelog partition(s) in {} ms",
          (now - phaseStartNanos.get()) / 1_000_000,
          since,
          rebalances.getAndSet(0),
          restoredRecords.getAndSet(0),
          restoredPartitions.getAndSet(0),
          restoreNanos.getAndSet(0) / 1_000_000);
      reachedRunning = true;
    }
  }

  private final java.util.Map<TopicPartition, Long> restoreStarts =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void onRestoreStart(
      TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
    restoreStarts.put(partition, System.nanoTime());
    restoredPartitions.incrementAndGet();
    LOG.info(
        "restoring {} from {} (offsets {}..{})",
        storeName,
        partition,
        startingOffset,
        endingOffset);
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    restoredRecords.addAndGet(numRestored);
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
    Long start = restoreStarts.remove(partition);
    if (start != null) {
      restoreNanos.addAndGet(System.nanoTime() - start);
    }
  }
}
