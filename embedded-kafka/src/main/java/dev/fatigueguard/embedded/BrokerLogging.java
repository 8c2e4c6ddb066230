package dev.fatigueguard.embedded;

import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-JVM broker quiet without shipping a logging config that would fight the consumer's.
 *
 * <p>The broker logs through slf4j under the loggers in {@link #BROKER_LOGGERS}. When the slf4j
 * binding is logback, each of those loggers that neither the consumer's config nor any of its
 * ancestors (below root) gives a level is set to {@code level} (default {@code WARN}, or the
 * {@value #LEVEL_PROPERTY} system property). A consumer that wants broker INFO logs configures e.g.
 * {@code <logger name="kafka" level="INFO"/>} and is left alone. With another binding nothing is
 * changed: configure it yourself.
 */
final class BrokerLogging {

  static final String LEVEL_PROPERTY = "fatigue.kafka.log.level";

  /**
   * Broker-side logger roots: {@code kafka.*} (Scala core) and the packages of the server-side
   * jars. {@code org.apache.kafka.common} is shared with in-JVM clients (AppInfoParser banners,
   * connection chatter), which are quieted too. The broker's internal channels log under {@code
   * org.apache.kafka.clients}, which is left to the consumer because its own clients use it.
   */
  static final List<String> BROKER_LOGGERS =
      List.of(
          "kafka",
          "state.change.logger",
          "org.apache.kafka.common",
          "org.apache.kafka.config",
          "org.apache.kafka.controller",
          "org.apache.kafka.coordinator",
          "org.apache.kafka.deferred",
          "org.apache.kafka.image",
          "org.apache.kafka.logger",
          "org.apache.kafka.metadata",
          "org.apache.kafka.network",
          "org.apache.kafka.queue",
          "org.apache.kafka.raft",
          "org.apache.kafka.security",
          "org.apache.kafka.server",
          "org.apache.kafka.snapshot",
          "org.apache.kafka.storage",
          "org.apache.kafka.timeline");

  private BrokerLogging() {}

  static String defaultLevel() {
    return System.getProperty(LEVEL_PROPERTY, "WARN");
  }

  /** Applies {@code level} to the unconfigured broker loggers, if the binding is logback. */
  static void quietBroker(String level) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if ("ch.qos.logback.classic.LoggerContext".equals(factory.getClass().getName())) {
      LogbackLevels.setWhereUnconfigured(factory, BROKER_LOGGERS, level);
    }
  }
}
