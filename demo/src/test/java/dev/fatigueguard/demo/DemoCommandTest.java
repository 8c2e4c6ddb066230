package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void anImpossibleHttpPortFailsBeforeTheBrokerStarts() {
    CommandLine cli = DemoMain.commandLine();
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("demo", "--http-port", "99999");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--http-port must be between 0 and 65535");
    assertThat(out.toString()).doesNotContain("kafka");
  }

  @Test
  void aTakenHttpPortIsNamedInOneLineBeforeTheBrokerStarts() throws IOException {
    CommandLine cli = DemoMain.commandLine();
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));

    int exit;
    int taken;
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      taken = other.getLocalPort();
      exit = cli.execute("demo", "--http-port", Integer.toString(taken));
    }

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--http-port " + taken + " is in use")
        .doesNotContain("Exception");
    assertThat(out.toString()).doesNotContain("kafka");
  }

  @Test
  void generateHistoryRefusesImpossibleOptionsWithoutAStackTrace(@TempDir Path dir) {
    CommandLine cli = DemoMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    Path out = dir.resolve("missing").resolve("history.jsonl");

    int exit = cli.execute("generate-history", "--messages", "-5", "--out", out.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--messages must be at least 1")
        .contains("--out: directory " + out.getParent() + " does not exist")
        .doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }
}
