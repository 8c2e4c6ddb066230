package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOrderTest {

  @Test
  void releasesByPriorityThenOldestThenMessageId() {
    MessageFacts lowOld = message().id("a").priority(1).createdAt(100).build();
    MessageFacts highNew = message().id("b").priority(5).createdAt(900).build();
    MessageFacts highOld = message().id("c").priority(5).createdAt(200).build();
    MessageFacts highOldTwinZ = message().id("z").priority(5).createdAt(200).build();
    MessageFacts highOldTwinD = message().id("d").priority(5).createdAt(200).build();
    List<MessageFacts> held =
        new ArrayList<>(List.of(lowOld, highNew, highOldTwinZ, highOld, highOldTwinD));

    held.sort(HeldOrder.INSTANCE);

    assertThat(held).extracting(MessageFacts::messageId).containsExactly("c", "d", "z", "b", "a");
  }
}
