package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class DemoCommandTest {

  @ParameterizedTest
  @CsvSource({
    "90s, PT90S",
    "2m, PT2M",
    "1m30s, PT90S",
    "500ms, PT0.5S",
    "1h, PT1H",
    "PT75S, PT75S",
    "pt2m, PT2M",
    " 45S , PT45S"
  })
  void durationsAreIsoOrShortForm(String text, String expected) {
    assertThat(new DemoCommand.DurationConverter().convert(text))
        .isEqualTo(Duration.parse(expected));
  }

  @Test
  void aDurationThatIsNeitherIsRejectedWithTheFormsThatWork() {
    assertThatThrownBy(() -> new DemoCommand.DurationConverter().convert("two minutes"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("90s");
  }

  @Test
  void optionsHaveTheDocumentedDefaults() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();

    assertThat(demo.duration).isEqualTo(Duration.ofMinutes(2));
    assertThat(demo.customers).isEqualTo(2000);
    assertThat(demo.rate).isEqualTo(200.0);
    assertThat(demo.partitions).isEqualTo(3);
    assertThat(demo.seed).isNull();
  }

  @Test
  void theJarsCommandLineHasTheProductionCommandsTheReplayAndTheDemo() {
    assertThat(DemoMain.commandLine().getSubcommands())
        .containsKeys(
            "run", "topics", "policy", "preferences", "simulate", "generate-history", "demo");
  }

  @Test
  void impossibleOptionsFailBeforeAnythingStarts() {
    CommandLine cli = DemoMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("demo", "--rate", "0", "--customers", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--rate must be positive", "--customers must be at least 1");
  }
}
