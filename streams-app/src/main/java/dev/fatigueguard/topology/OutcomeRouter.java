package dev.fatigueguard.topology;

import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Hands each outcome of the guard's processors straight to the node that writes it, by name, with
 * the value that node writes: one step per outcome. A chain of merges, a split with a predicate per
 * kind of outcome and a mapping step per sink did the same with several nodes per record, each
 * paying Kafka Streams' per-node forwarding; on the guard's hot path that is two or three records
 * per message.
 *
 * <p>Which kind goes where is {@link OutcomeSink}'s, as in a replay; the node names are {@link
 * GuardTopology}'s.
 */
final class OutcomeRouter implements Processor<String, Routed, Object, Object> {

  /** The nodes the approved message goes to (the approved topic, and the per-channel one if on). */
  private final List<String> approved;

  /** Writes the decision event to the audit topic. */
  private final String decisions;

  /** Counts the decision for the metrics. */
  private final String decisionMetrics;

  private final String suppressed;
  private final String deadLetters;

  private ProcessorContext<Object, Object> context;

  OutcomeRouter(
      List<String> approved,
      String decisions,
      String decisionMetrics,
      String suppressed,
      String deadLetters) {
    this.approved = List.copyOf(approved);
    this.decisions = decisions;
    this.decisionMetrics = decisionMetrics;
    this.suppressed = suppressed;
    this.deadLetters = deadLetters;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void process(Record<String, Routed> record) {
    // Records are immutable, so the same one may go to several children.
    Record<Object, Object> outcome = (Record) record;
    Routed value = record.value();
    switch (OutcomeSink.of(value)) {
      case APPROVED -> {
        // The approved sinks write the sender's bytes; the per-channel one also reads the channel.
        for (String sink : approved) {
          context.forward(outcome, sink);
        }
      }
      case DECIDED -> {
        context.forward(outcome.withValue(((Routed.Decided) value).value()), decisions);
        context.forward(outcome, decisionMetrics);
      }
      case SUPPRESSED ->
          context.forward(outcome.withValue(((Routed.Suppressed) value).value()), suppressed);
      case DEAD_LETTER -> {
        Routed.DeadLetter letter = (Routed.DeadLetter) value;
        // As received: the original key and bytes, with the headers that say why.
        context.forward(outcome.withKey(letter.key()).withValue(letter.value()), deadLetters);
      }
    }
  }
}
