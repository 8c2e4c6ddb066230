package dev.fatigueguard.simulate;

import dev.fatigueguard.avro.OutboundMessage;
import java.util.Comparator;
import java.util.List;

/**
 * A message history to replay: the readable messages in event-time order (by createdAt; equal times
 * keep file order, as a sort that is stable does) and the lines that could not be read.
 */
public record History(List<OutboundMessage> messages, List<InvalidLine> invalid) {

  public History {
    messages =
        messages.stream().sorted(Comparator.comparing(OutboundMessage::getCreatedAt)).toList();
    invalid = List.copyOf(invalid);
  }
}
