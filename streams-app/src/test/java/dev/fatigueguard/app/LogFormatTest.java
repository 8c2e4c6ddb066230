package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The shipped logback.xml: text by default, one JSON object per line with the switch. */
class LogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theJsonSwitchWritesOneObjectPerEventWithThreadLoggerMessageAndApplicationId()
      throws Exception {
    List<String> lines = logTwoEvents("json", "orders-guard");

    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(first.path("loggerName").asText()).isEqualTo("dev.fatigueguard.app.Example");
    assertThat(first.path("formattedMessage").asText()).isEqualTo("approved 3 of 4");
    assertThat(first.path("context").path("properties").path("application.id").asText())
        .isEqualTo("orders-guard");
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(second.path("level").asText()).isEqualTo("WARN");
    assertThat(second.path("throwable").path("className").asText())
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void withoutTheSwitchTheLinesAreText() throws Exception {
    List<String> lines = logTwoEvents(null, "orders-guard");

    assertThat(lines.get(0))
        .contains("INFO")
        .endsWith("dev.fatigueguard.app.Example - approved 3 of 4");
    assertThatThrownBy(() -> JSON.readTree(lines.get(0))).isInstanceOf(Exception.class);
  }

  /** Configures a fresh logback context from the shipped file and logs into a captured stderr. */
  private static List<String> logTwoEvents(String format, String applicationId) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    if (format != null) {
      context.putProperty("FATIGUE_GUARD_LOG_FORMAT", format);
    }
    context.putProperty(LogFields.APPLICATION_ID, applicationId);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      Logger log = context.getLogger("dev.fatigueguard.app.Example");
      log.info("approved {} of {}", 3, 4);
      log.warn("a problem", new IllegalStateException("boom"));
    } finally {
      System.setErr(original);
      context.stop();
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    return text.lines().filter(l -> l.startsWith("{") || l.matches("\\d\\d:\\d\\d.*")).toList();
  }
}
