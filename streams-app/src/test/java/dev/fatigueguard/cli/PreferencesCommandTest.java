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

/**
 * {@code fatigue-guard preferences validate} on the files people have: one customer written by
 * hand, or many customers as JSON Lines or an array (the files {@code simulate} reads).
 */
class PreferencesCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void validateAcceptsOneCustomerWrittenOverSeveralLines() throws IOException {
    Path file =
        write(
            """
            {
              "customerId": "c-42",
              "zone": "Europe/Berlin",
              "optOuts": [{"channel": "SMS"}]
            }
            """);

    int exit = run("preferences", "validate", file.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("{").contains("\"customerId\" : \"c-42\"");
    assertThat(err.toString().strip()).isEqualTo("valid preferences for customer 'c-42'");
  }

  @Test
  void anObjectOverSeveralLinesIsOneDocumentWhateverItsFirstLineHolds() throws IOException {
    Path file =
        write(
            """
            {"customerId": "c-42", "zone": "Europe/Berlin",
             "optOuts": [{"channel": "SMS"}]}
            """);

    int exit = run("preferences", "validate", file.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString().strip()).isEqualTo("valid preferences for customer 'c-42'");
  }

  @Test
  void validateAcceptsJsonLinesAndPrintsOneNormalisedLinePerCustomer() throws IOException {
    Path file =
        write(
            """
            {"customerId":"c-1","optOuts":[{"channel":"SMS"}]}

            {"customerId":"c-2","zone":"Asia/Tokyo"}
            """);

    int exit = run("preferences", "validate", file.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).startsWith("{\"customerId\":\"c-"));
    assertThat(err.toString())
        .contains("valid preferences for customer 'c-1'")
        .contains("valid preferences for customer 'c-2'");
  }

  @Test
  void validateAcceptsAnArrayOfCustomers() throws IOException {
    Path file = write("[{\"customerId\":\"c-1\"},\n {\"customerId\":\"c-2\"}]");

    int exit = run("preferences", "validate", file.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines()).hasSize(2);
  }

  @Test
  void validateNamesTheLineAndFieldOfEveryProblemInAFile() throws IOException {
    Path file =
        write(
            """
            {"customerId":"c-1","zone":"Mars/Olympus"}
            {"customerId":"c-2"}
            {"customerId":"c-3","caps":[{"id":"own","max":-1,"window":"P1D"}]}
            {"customerId":"c-2","optOuts":[{"channel":"SMS"}]}
            """);

    int exit = run("preferences", "validate", file.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("3 problems")
        .contains("line 1 zone")
        .contains("line 3 caps[0] (rule 'own').max")
        .contains("line 4 customerId: 'c-2' appears twice (also line 2)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void twoDocumentsPastedIntoOneFileAreNamedAsSuchNotAsJacksonsTrailingToken() throws IOException {
    Path file =
        write(
            """
            {
              "customerId": "c-1"
            }
            {
              "customerId": "c-2"
            }
            """);

    int exit = run("preferences", "validate", file.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("holds more than one JSON value (the second starts at line 4, column 1)")
        .doesNotContain("Trailing token")
        .doesNotContain("com.fasterxml");
  }

  @Test
  void aFileWithoutPreferencesIsRefusedRatherThanValidatedOrPublishedAsNothing()
      throws IOException {
    Path blank = write("\n  \n");
    int blankExit = run("preferences", "validate", blank.toString());
    String blankErr = err.toString().strip();
    err.getBuffer().setLength(0);
    Path emptyArray = write("[ ]");

    int emptyArrayExit = run("preferences", "validate", emptyArray.toString());

    assertThat(blankExit).isEqualTo(2);
    assertThat(blankErr).endsWith("(1 problem): $: is empty");
    assertThat(emptyArrayExit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "fatigue-guard: invalid preferences file "
                + emptyArray
                + " (1 problem): $: holds no preferences");
  }

  private int run(String... args) {
    CommandLine cli = FatigueGuardCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path write(String json) throws IOException {
    return Files.writeString(dir.resolve("preferences.jsonl"), json);
  }
}
