package dev.fatigueguard.topology;

/**
 * Where the global policy table sends policies it refuses. The global store's processor runs on the
 * global thread, outside any task and its transaction, so it cannot forward to a sink like the
 * other processors do; production hands the records to a DLQ producer ({@link
 * DeadLetterPublisher}).
 */
@FunctionalInterface
public interface PolicyRejections {
  void reject(Routed.DeadLetter letter);
}
