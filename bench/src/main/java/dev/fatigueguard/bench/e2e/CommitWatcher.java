package dev.fatigueguard.bench.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * "Done" for a streams application is: its group has committed the input topic's end offsets. With
 * exactly_once_v2 that commit is part of the transaction that wrote the outputs, so at that moment
 * every result is durable and visible; with at_least_once it follows the producer flush. Watching
 * the committed offsets from outside needs no hook in the topology, so the guard runs unmodified.
 */
public final class CommitWatcher {

  private final Admin admin;
  private final String input;

  public CommitWatcher(Admin admin, String input) {
    this.admin = admin;
    this.input = input;
  }

  /** The input's end offsets, i.e. what a group must commit to have consumed everything. */
  public Map<TopicPartition, Long> endOffsets(int partitions)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(input, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new java.util.HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /**
   * What the watcher saw of one run: the first commit that covered any input ({@code firstNanos},
   * {@code firstCommitted} records) and the commit that covered all of it ({@code doneNanos}).
   */
  public record Progress(
      long firstNanos,
      long firstCommitted,
      long doneNanos,
      long total,
      CpuMeter.Reading cpuAtFirst,
      CpuMeter.Reading cpuAtDone) {

    /**
     * Records per second between the first and the last commit: start-up, group join and the first
     * commit interval are left out alike for every topology. Timing from the client's RUNNING state
     * instead is wrong with several threads: one thread may process everything while the client is
     * still REBALANCING because the other has not joined yet.
     */
    public double recordsPerSecond() {
      return (total - firstCommitted) / ((doneNanos - firstNanos) / 1e9);
    }

    public double seconds() {
      return (doneNanos - firstNanos) / 1e9;
    }

    /**
     * CPU microseconds of the client's stream threads per record, over the same interval as the
     * rate.
     */
    public double streamThreadCpuMicrosPerRecord() {
      return (cpuAtDone.streamThreadNanos() - cpuAtFirst.streamThreadNanos())
          / 1e3
          / (total - firstCommitted);
    }

    /**
     * CPU microseconds of the whole process per record (broker, producer I/O, GC and JIT included).
     */
    public double processCpuMicrosPerRecord() {
      return (cpuAtDone.processNanos() - cpuAtFirst.processNanos())
          / 1e3
          / (total - firstCommitted);
    }
  }

  /** Blocks until {@code groupId} has committed {@code end} on every partition. */
  public Progress awaitCommitted(
      String groupId, Map<TopicPartition, Long> end, Duration timeout, CpuMeter cpu)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    long firstNanos = -1;
    long firstCommitted = 0;
    CpuMeter.Reading cpuAtFirst = null;
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      long now = System.nanoTime();
      long sum = 0;
      boolean done = true;
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        sum += c == null ? 0 : c.offset();
        done &= c != null && c.offset() >= e.getValue();
      }
      if (firstNanos < 0 && sum > 0) {
        firstNanos = now;
        firstCommitted = sum;
        cpuAtFirst = cpu.read();
      }
      if (done) {
        if (firstCommitted >= total) {
          throw new IllegalStateException(
              groupId + ": all input was committed at once; use more messages");
        }
        return new Progress(firstNanos, firstCommitted, now, total, cpuAtFirst, cpu.read());
      }
      Thread.sleep(10);
    }
    throw new TimeoutException(groupId + " did not commit " + end + " within " + timeout);
  }
}
