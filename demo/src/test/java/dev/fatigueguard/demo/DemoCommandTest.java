package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

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
