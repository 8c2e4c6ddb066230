package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Programmatic use through a static field; must get the broker the first class got. */
@Order(2)
class KafkaBrokerExtensionSecondTest {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void sharesTheBrokerOfTheFirstClass(KafkaEndpoint kafka) {
    assertThat(KafkaBrokerExtensionFirstTest.SEEN)
        .as("KafkaBrokerExtensionFirstTest ran first, in the same run")
        .containsKey(KafkaBrokerExtensionFirstTest.class.getSimpleName());

    assertThat(KAFKA.bootstrapServers())
        .isEqualTo(kafka.bootstrapServers())
        .isEqualTo(
            KafkaBrokerExtensionFirstTest.SEEN.get(
                KafkaBrokerExtensionFirstTest.class.getSimpleName()));
  }

  @Test
  void theSharedBrokerIsStillServing() {
    ExactlyOnceChecks.abortedTransactionIsInvisibleToReadCommitted(KAFKA.endpoint());
  }
}
