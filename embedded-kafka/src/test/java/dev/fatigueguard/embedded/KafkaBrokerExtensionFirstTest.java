package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Declarative use: {@link WithKafka} and a {@link KafkaEndpoint} parameter. Runs before the second
 * class.
 */
@Order(1)
@WithKafka
class KafkaBrokerExtensionFirstTest {

  /** Bootstrap servers seen by each extension test class, for the second class to compare. */
  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  private final KafkaEndpoint constructorInjected;

  KafkaBrokerExtensionFirstTest(KafkaEndpoint kafka) {
    this.constructorInjected = kafka;
  }

  @Test
  void resolvesTheSharedEndpointEverywhere(KafkaEndpoint kafka) {
    SEEN.put(getClass().getSimpleName(), kafka.bootstrapServers());

    assertThat(kafka).isSameAs(constructorInjected);
    // The in-JVM broker listens on loopback; a container reports whatever host Docker maps it to.
    if (KafkaBackend.fromSystemProperty() == KafkaBackend.EMBEDDED) {
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
    } else {
      assertThat(kafka.bootstrapServers()).isNotBlank();
    }
  }

  @Test
  void committedTransactionIsReadExactly(KafkaEndpoint kafka) {
    ExactlyOnceChecks.committedTransactionIsReadExactly(kafka);
  }
}
