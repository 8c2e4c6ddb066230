package dev.fatigueguard.decision;

import static dev.fatigueguard.decision.MessageBuilder.message;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SupersedingTest {

  @Test
  void aNewerMessageWithTheSameCollapseKeySupersedesAHeldOne() {
    MessageFacts held = message().id("m-1").collapseKey("order-42").build();
    MessageFacts newer = message().id("m-2").collapseKey("order-42").build();

    assertThat(Superseding.supersedes(newer, held)).isTrue();
    Verdict verdict = Superseding.verdict(newer);
    assertThat(verdict.outcome()).isEqualTo(Outcome.DROP);
    assertThat(verdict.reason()).isEqualTo(Reason.SUPERSEDED);
    assertThat(verdict.detail())
        .isEqualTo("superseded by newer message m-2 with the same collapseKey order-42");
  }

  @Test
  void otherKeysNoKeyAndTheMessageItselfSupersedeNothing() {
    MessageFacts held = message().id("m-1").collapseKey("order-42").build();

    assertThat(Superseding.supersedes(message().collapseKey("order-43").build(), held)).isFalse();
    assertThat(Superseding.supersedes(message().build(), held)).isFalse();
    assertThat(Superseding.supersedes(message().build(), message().build())).isFalse();
    assertThat(Superseding.supersedes(held, held)).isFalse();
  }
}
