package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogbackLevelsTest {

  @Test
  void setsOnlyLoggersWithNoConfiguredLevelAtOrAbove() {
    LoggerContext context = new LoggerContext();
    context.getLogger("consumer").setLevel(Level.INFO); // consumer configured a parent
    context.getLogger("explicit.child").setLevel(Level.ERROR); // and one logger itself

    LogbackLevels.setWhereUnconfigured(
        context, List.of("consumer.broker", "explicit.child", "unset.broker"), "WARN");

    assertThat(context.getLogger("consumer.broker").getLevel()).isNull();
    assertThat(context.getLogger("consumer.broker").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("explicit.child").getLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("unset.broker").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void aLaterBrokerMayChangeLevelsItSetItself() {
    LoggerContext context = new LoggerContext();

    LogbackLevels.setWhereUnconfigured(context, List.of("mine.again"), "WARN");
    LogbackLevels.setWhereUnconfigured(context, List.of("mine.again"), "INFO");

    assertThat(context.getLogger("mine.again").getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void dropsOnlyTheKnownBenignBrokerWarnings() {
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    LogbackLevels.setWhereUnconfigured(context, List.of("kafka"), "WARN");

    var controller = context.getLogger("org.apache.kafka.controller.QuorumController");
    controller.warn(
        "[QuorumController id=1] Performing controller activation. The metadata log appears to be empty. "
            + "Appending {} bootstrap record(s)",
        6);
    controller.warn("[QuorumController id=1] something real");
    var client = context.getLogger("org.apache.kafka.clients.NetworkClient");
    client.warn(
        "[NodeToControllerChannelManager id=1 name=registration] Attempting to close NetworkClient "
            + "that has already been closed.");
    client.warn(
        "[Producer clientId=p] Attempting to close NetworkClient that has already been closed.");

    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "[QuorumController id=1] something real",
            "[Producer clientId=p] Attempting to close NetworkClient that has already been closed.");
  }
}
