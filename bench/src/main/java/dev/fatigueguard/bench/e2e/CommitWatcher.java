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
 * every result is durable and visible; with at_least_once it follows the producer flush. Watching the
 * committed offsets from outside needs no hook in the topology, so the guard runs unmodified.
 */
public final class CommitWatcher {

  private final Admin admin;
  private final String input;

  public CommitWatcher(Admin admin, String input) {
    this.admin = admin;
    this.input = input;
  }

  /** The input's end offsets, i.e. what a group must commit to have consumed everything. */
  public Map<TopicPartition, Long> endOffsets(int partitions) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(input, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new java.util.HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /** Blocks until {@code groupId} has committed {@code end} on every partition; returns System.nanoTime() then. */
  public long awaitCommitted(String groupId, Map<TopicPartition, Long> end, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      long now = System.nanoTime();
      if (end.entrySet().stream().allMatch(e -> {
        OffsetAndMetadata c = committed.get(e.getKey());
        return c != null && c.offset() >= e.getValue();
      })) {
        return now;
      }
      Thread.sleep(20);
    }
    throw new TimeoutException(groupId + " did not commit " + end + " within " + timeout);
  }

  /** Records consumed so far by the group (for progress reports and partial results). */
  public long committedTotal(String groupId) throws ExecutionException, InterruptedException {
    return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().entrySet().stream()
        .filter(e -> e.getKey().topic().equals(input) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).sum();
  }
}
