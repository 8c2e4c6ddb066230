package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Docker backend against the same checks as the embedded broker. Skipped where there is no
 * Docker engine (such as the project's build machines), so it is never the only real-broker test.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaBrokerTest {

  private static ContainerKafkaBroker kafka;

  @BeforeAll
  static void startContainer() {
    kafka = ContainerKafkaBroker.start();
  }

  @AfterAll
  static void stopContainer() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void servesClients() {
    assertThat(kafka.bootstrapServers()).isNotBlank();
  }

  @Test
  void committedTransactionIsReadExactlyWithReadCommitted() {
    ExactlyOnceChecks.committedTransactionIsReadExactly(kafka);
  }

  @Test
  void abortedTransactionIsInvisibleToReadCommitted() {
    ExactlyOnceChecks.abortedTransactionIsInvisibleToReadCommitted(kafka);
  }

  @Test
  void createsCompactedTopicWithItsConfig() throws Exception {
    ExactlyOnceChecks.compactedTopicHasItsConfig(kafka);
  }
}
