package dev.fatigueguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fatigue-guard policy validate} as a platform team runs it. */
class PolicyCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void validateAcceptsTheArrayOfPoliciesThatSimulateReads() throws IOException {
    Path file =
        write(
            """
            [{"tenant":"default","caps":[{"id":"daily","max":3,"window":"P1D"}]},
             {"tenant":"acme","defaultZone":"Europe/Berlin"}]""");

    int exit = run("policy", "validate", file.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("[").contains("\"tenant\" : \"acme\"");
    assertThat(err.toString())
        .contains("valid policy for tenant 'default'")
        .contains("valid policy for tenant 'acme'");
  }

  @Test
  void validateNamesThePolicyAndFieldOfEveryProblemInAnArray() throws IOException {
    Path file =
        write(
            """
            [{"tenant":"default","caps":[{"id":"daily","max":-1,"window":"P1D"}]},
             {"tenant":"acme","maxDelay":"forever"}]""");

    int exit = run("policy", "validate", file.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("[0] tenant 'default' caps[0] (rule 'daily').max")
        .contains("[1] tenant 'acme' maxDelay");
  }

  @Test
  void validateStillAcceptsASinglePolicyObject() throws IOException {
    Path file = write("{\"tenant\":\"default\"}");

    int exit = run("policy", "validate", file.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("{");
  }

  @Test
  void explainShowsEachSettingAndRuleWithTheLayerItCameFrom() throws IOException {
    Path file =
        write(
            """
            [{"tenant":"default","maxDelay":"P1D","caps":[{"id":"daily","max":3,"window":"P1D"}]},
             {"tenant":"acme","defaultZone":"Europe/Berlin",
              "caps":[{"id":"sms-gap","max":1,"window":"PT16H","channels":["SMS"]}]}]""");
    Path prefs =
        Files.writeString(
            dir.resolve("prefs.jsonl"),
            "{\"customerId\":\"c-1\",\"zone\":\"Asia/Tokyo\",\"optOuts\":[{\"channel\":\"SMS\"}]}\n");

    int exit =
        run(
            "policy",
            "validate",
            file.toString(),
            "--explain",
            "--tenant",
            "acme",
            "--preferences",
            prefs.toString(),
            "--customer",
            "c-1");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("effective rules for tenant 'acme', customer 'c-1'")
        .containsPattern("zone +Asia/Tokyo +customer")
        .containsPattern("maxDelay +P1D +default\\n")
        .containsPattern("overflowAction +DELAY +format default")
        .containsPattern("default/daily +cap: at most 3 in any P1D +default\\n")
        .containsPattern(
            "tenant:acme/sms-gap +cap: at most 1 in any PT16H; channels SMS +tenant:acme")
        .containsPattern("customer/opt-out\\[SMS,\\*] +opt-out +customer");
  }

  @Test
  void aFileThatIsNotThereIsNamedInOneLineWithoutAStackTrace() {
    String missing = dir.resolve("no-such-policy.json").toString();
    for (String command : new String[] {"policy", "preferences"}) {
      err.getBuffer().setLength(0);

      int exit = run(command, "validate", missing);

      assertThat(exit).as(command).isEqualTo(2);
      assertThat(err.toString().strip())
          .as(command)
          .isEqualTo("fatigue-guard: cannot read " + missing + ": no such file or directory");
    }
  }

  private int run(String... args) {
    CommandLine cli = FatigueGuardCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path write(String json) throws IOException {
    return Files.writeString(dir.resolve("policy.json"), json);
  }
}
