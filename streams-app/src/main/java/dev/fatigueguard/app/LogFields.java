package dev.fatigueguard.app;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Fields every log event of this process carries. The application id becomes a property of
 * logback's context, which the JSON format writes into every line ({@code
 * context.properties."application.id"}), so lines from several guards in one log store can be told
 * apart. With another SLF4J binding this does nothing.
 */
final class LogFields {

  static final String APPLICATION_ID = "application.id";

  private LogFields() {}

  static void applicationId(String applicationId) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      context.putProperty(APPLICATION_ID, applicationId);
    }
  }
}
