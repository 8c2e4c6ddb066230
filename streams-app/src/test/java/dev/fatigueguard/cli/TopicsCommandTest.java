package dev.fatigueguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code fatigue-guard topics} refuses impossible topic shapes before it reads or contacts
 * anything.
 */
class TopicsCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aReplicationFactorOrPartitionCountBelowOneIsRefusedWithTheOption() {
    int noReplicas =
        run("topics", "--config", "/not/read.properties", "--create", "--replication-factor", "0");
    String noReplicasErr = err.toString();
    err.getBuffer().setLength(0);
    int noPartitions =
        run("topics", "--config", "/not/read.properties", "--create", "--partitions", "-2");

    assertThat(noReplicas).isEqualTo(2);
    assertThat(noReplicasErr).startsWith("--replication-factor must be at least 1, was 0");
    assertThat(noPartitions).isEqualTo(2);
    assertThat(err.toString()).startsWith("--partitions must be at least 1, was -2");
    assertThat(out.toString()).as("no topic list before the refusal").isEmpty();
  }

  private int run(String... args) {
    CommandLine cli = FatigueGuardCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
