package dev.fatigueguard.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The demo's console is its dashboard: log lines that would scroll it away are turned down. */
final class DemoLogging {

  private DemoLogging() {}

  /**
   * The guard logs its whole configuration and topology at INFO when it starts, which would scroll
   * the dashboard away; the demo keeps it at WARN unless FATIGUE_GUARD_LOG_LEVEL asks otherwise.
   */
  static void quietGuardStartup() {
    if (System.getenv("FATIGUE_GUARD_LOG_LEVEL") != null
        || System.getProperty("FATIGUE_GUARD_LOG_LEVEL") != null) {
      return;
    }
    setLevel("dev.fatigueguard", Level.WARN);
  }

  /**
   * After Ctrl-C the embedded broker's own shutdown hook stops it while the guard's clients close,
   * so they fail to reconnect: expected, and not worth a screen of warnings.
   */
  static void quietKafkaClients() {
    setLevel("org.apache.kafka", Level.ERROR);
  }

  private static void setLevel(String logger, Level level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(logger).setLevel(level);
    }
  }
}
