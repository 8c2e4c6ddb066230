package dev.fatigueguard.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Marker;

/** The logback-specific half of {@link BrokerLogging}; loaded only when logback is the binding. */
final class LogbackLevels {

  /** Loggers whose level this class set: later brokers may change them again. */
  private static final Set<String> OURS = ConcurrentHashMap.newKeySet();

  private LogbackLevels() {}

  static void setWhereUnconfigured(ILoggerFactory factory, Collection<String> names, String level) {
    LoggerContext context = (LoggerContext) factory;
    Level target = Level.toLevel(level, Level.WARN);
    for (String name : names) {
      if (!configuredAtOrAbove(context, name)) {
        context.getLogger(name).setLevel(target);
        OURS.add(name);
      }
    }
    if (target.isGreaterOrEqual(Level.WARN)) {
      installBenignWarningFilter(context);
    }
  }

  private static synchronized void installBenignWarningFilter(LoggerContext context) {
    boolean installed =
        context.getTurboFilterList().stream()
            .anyMatch(f -> BenignBrokerWarnings.NAME.equals(f.getName()));
    if (!installed) {
      BenignBrokerWarnings filter = new BenignBrokerWarnings();
      filter.setName(BenignBrokerWarnings.NAME);
      filter.setContext(context);
      filter.start();
      context.addTurboFilter(filter);
    }
  }

  /**
   * Drops the two WARN lines every fresh single-node broker logs although nothing is wrong: the
   * controller bootstrapping an empty metadata log (always the case on a freshly formatted dir) and
   * the broker's registration channel being closed twice on shutdown. Everything else passes.
   */
  static final class BenignBrokerWarnings extends TurboFilter {
    static final String NAME = "fatigue-guard-embedded-kafka-benign-warnings";

    @Override
    public FilterReply decide(
        Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
      if (level != Level.WARN || format == null) {
        return FilterReply.NEUTRAL;
      }
      String name = logger.getName();
      boolean benign =
          ("org.apache.kafka.controller.QuorumController".equals(name)
                  && format.contains("The metadata log appears to be empty"))
              || ("org.apache.kafka.clients.NetworkClient".equals(name)
                  && format.contains(
                      "name=registration] Attempting to close NetworkClient that has already been closed"));
      return benign ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
  }

  /**
   * True when {@code name} or one of its ancestors (root excluded) has a level that the consumer's
   * config, not this class, gave it.
   */
  private static boolean configuredAtOrAbove(LoggerContext context, String name) {
    String current = name;
    while (true) {
      Logger logger = context.exists(current);
      if (logger != null && logger.getLevel() != null && !OURS.contains(current)) {
        return true;
      }
      int dot = current.lastIndexOf('.');
      if (dot < 0) {
        return false;
      }
      current = current.substring(0, dot);
    }
  }
}
