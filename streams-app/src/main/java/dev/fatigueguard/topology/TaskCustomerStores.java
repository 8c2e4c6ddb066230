package dev.fatigueguard.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Hands the guard and the preferences processor of one task the same {@link CustomerStores}, so
 * that what one writes the other's memory of the customer sees (an erasure must reach the guard's
 * cached ledger). One per guard instance; tasks are keyed by id, which is unique within an
 * instance.
 *
 * <p>A task's processors are all closed when the task is suspended, closed or closed dirty (task
 * migration, an aborted transaction, a corrupted store), and initialised again only after its
 * stores were restored. Closing drops the task's entry and empties it, so no decoded state outlives
 * the stores it came from.
 */
final class TaskCustomerStores {

  private final int cachedCustomers;
  private final Map<TaskId, CustomerStores> byTask = new ConcurrentHashMap<>();

  /**
   * @param cachedCustomers customers kept decoded in memory per task
   */
  TaskCustomerStores(int cachedCustomers) {
    this.cachedCustomers = cachedCustomers;
  }

  /** The task's customer stores, made by the first of its processors to be initialised. */
  CustomerStores open(ProcessorContext<?, ?> context) {
    return byTask.computeIfAbsent(
        context.taskId(), id -> new CustomerStores(context, cachedCustomers));
  }

  /** Called by each of the task's processors when it closes; the first call drops the memory. */
  void close(ProcessorContext<?, ?> context, CustomerStores stores) {
    if (stores == null) {
      return;
    }
    byTask.remove(context.taskId(), stores);
    stores.forgetAll();
  }
}
