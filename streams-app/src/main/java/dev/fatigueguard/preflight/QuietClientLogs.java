package dev.fatigueguard.preflight;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * While open, the Kafka clients' and the registry client's own warnings (one "Connection to node -1
 * could not be established" per reconnect attempt) are not logged: the preflight turns what they
 * would have said into one line naming the setting. Closing restores the levels, so a running guard
 * still logs them.
 */
public final class QuietClientLogs implements AutoCloseable {

  private static final List<String> CHATTY =
      List.of("org.apache.kafka.clients", "dev.fatigueguard.serde.registry");

  private final Map<Logger, Level> previous = new LinkedHashMap<>();

  private QuietClientLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (String name : CHATTY) {
        Logger logger = context.getLogger(name);
        previous.put(logger, logger.getLevel());
        logger.setLevel(Level.ERROR);
      }
    }
  }

  /**
   * Silences client warnings until {@link #close()}; does nothing unless logback is the binding.
   */
  public static QuietClientLogs open() {
    return new QuietClientLogs();
  }

  @Override
  public void close() {
    previous.forEach(Logger::setLevel);
  }
}
