package dev.fatigueguard.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a real Kafka broker: ONE per test run (per JUnit engine
 * execution), shared by every test class that uses the extension, started on first use and closed
 * when the run ends. The backend comes from {@code -Dfatigue.kafka=embedded|testcontainers} (see
 * {@link KafkaBackend}); the default is the in-JVM {@link EmbeddedKafkaBroker}.
 *
 * <p>Use it declaratively and take a {@link KafkaEndpoint} parameter (constructor, lifecycle or
 * test method):
 *
 * <pre>{@code
 * @WithKafka
 * class GuardTopologyIT {
 *     @Test
 *     void caps(KafkaEndpoint kafka) {
 *         String in = kafka.createUniqueTopic("sends", 3);
 *         ... kafka.bootstrapServers() ...
 *     }
 * }
 * }</pre>
 *
 * or programmatically:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.bootstrapServers(), KAFKA.endpoint().createUniqueTopic("sends", 3) ...
 * }</pre>
 *
 * Since the broker is shared, tests must create their own uniquely named topics ({@link
 * KafkaEndpoint#createUniqueTopic}) and use unique group and transactional ids ({@link
 * KafkaEndpoint#uniqueName}).
 */
public final class KafkaBrokerExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  private volatile KafkaEndpoint endpoint;

  public KafkaBrokerExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    endpoint = shared(context);
  }

  /** Also covers registration on an instance field, where beforeAll is not called. */
  @Override
  public void beforeEach(ExtensionContext context) {
    endpoint = shared(context);
  }

  /**
   * The shared cluster; available from {@code @BeforeAll} on (or {@code @BeforeEach} for instance
   * fields).
   */
  public KafkaEndpoint endpoint() {
    KafkaEndpoint current = endpoint;
    if (current == null) {
      throw new IllegalStateException(
          "the Kafka broker is not started yet: use it from @BeforeAll/@BeforeEach "
              + "or a test, with the extension registered on a static field or through @WithKafka");
    }
    return current;
  }

  /** Shortcut for {@code endpoint().bootstrapServers()}. */
  public String bootstrapServers() {
    return endpoint().bootstrapServers();
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == KafkaEndpoint.class;
  }

  @Override
  public KafkaEndpoint resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return shared(extensionContext);
  }

  /**
   * The run-wide cluster, started on first call. It lives in the root context's store, which JUnit
   * closes (stopping the broker) after the last test of the run.
   */
  static KafkaEndpoint shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            KafkaBackend.ManagedKafka.class,
            key -> KafkaBackend.fromSystemProperty().start(),
            KafkaBackend.ManagedKafka.class)
        .endpoint();
  }
}
