package dev.fatigueguard.bench.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/** Starts a Streams client and times it from RUNNING until the input's end offsets are committed. */
public final class TimedRun {

  private TimedRun() {}

  /** Returns the seconds from RUNNING to fully committed; the caller closes {@code streams}. */
  public static double time(KafkaStreams streams, CommitWatcher watcher, String groupId,
      Map<TopicPartition, Long> end, Duration timeout) throws Exception {
    AtomicLong runningAt = new AtomicLong();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING && runningAt.get() == 0) {
        runningAt.set(System.nanoTime());
        running.countDown();
      } else if (now == KafkaStreams.State.ERROR) {
        failed.countDown();
      }
    });
    streams.start();
    if (!running.await(120, TimeUnit.SECONDS)) {
      throw new TimeoutException(groupId + " did not reach RUNNING (failed: " + (failed.getCount() == 0) + ")");
    }
    long done = watcher.awaitCommitted(groupId, end, timeout);
    return (done - runningAt.get()) / 1e9;
  }
}
