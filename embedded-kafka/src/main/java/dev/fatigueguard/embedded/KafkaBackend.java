package dev.fatigueguard.embedded;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which real broker {@link KafkaBrokerExtension} starts, chosen by the {@value #PROPERTY} system
 * property: {@code embedded} (default, no Docker needed) or {@code testcontainers}.
 */
public enum KafkaBackend {

  /** {@link EmbeddedKafkaBroker}: KRaft broker in this JVM. */
  EMBEDDED,
  /** {@link ContainerKafkaBroker}: Apache Kafka image via Testcontainers; needs Docker. */
  TESTCONTAINERS;

  public static final String PROPERTY = "fatigue.kafka";

  /** The backend named by the {@value #PROPERTY} system property, {@link #EMBEDDED} when unset. */
  public static KafkaBackend fromSystemProperty() {
    return parse(System.getProperty(PROPERTY));
  }

  /** {@code null} or blank means {@link #EMBEDDED}; otherwise a backend name, any case. */
  public static KafkaBackend parse(String value) {
    if (value == null || value.isBlank()) {
      return EMBEDDED;
    }
    String wanted = value.trim().toUpperCase(Locale.ROOT);
    for (KafkaBackend backend : values()) {
      if (backend.name().equals(wanted)) {
        return backend;
      }
    }
    throw new IllegalArgumentException(
        "-D"
            + PROPERTY
            + "="
            + value
            + " is not one of "
            + Arrays.stream(values())
                .map(KafkaBackend::propertyValue)
                .collect(Collectors.joining(", ")));
  }

  /** The value of {@value #PROPERTY} that selects this backend. */
  public String propertyValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Starts a cluster of this kind. The caller closes it. */
  public ManagedKafka start() {
    return switch (this) {
      case EMBEDDED -> {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        yield new ManagedKafka(this, broker, broker::close);
      }
      case TESTCONTAINERS -> {
        requireTestcontainers();
        ContainerKafkaBroker broker;
        try {
          broker = ContainerKafkaBroker.start();
        } catch (RuntimeException e) {
          throw new IllegalStateException(
              "-D"
                  + PROPERTY
                  + "=testcontainers: could not start a Kafka "
                  + "container (is a Docker engine running? the default, embedded, needs none): "
                  + e.getMessage(),
              e);
        }
        yield new ManagedKafka(this, broker, broker::close);
      }
    };
  }

  private static void requireTestcontainers() {
    try {
      Class.forName(
          "org.testcontainers.kafka.KafkaContainer", false, KafkaBackend.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "-D"
              + PROPERTY
              + "=testcontainers needs "
              + "org.testcontainers:testcontainers-kafka on the test classpath (it is an optional "
              + "dependency of fatigue-guard-embedded-kafka)",
          e);
    }
  }

  /** A started cluster of some backend: the endpoint to hand out, and how to stop it. */
  public record ManagedKafka(KafkaBackend backend, KafkaEndpoint endpoint, Runnable stop)
      implements AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }
}
