package dev.fatigueguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.policy.PolicyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser renders it: headless Chromium loads the file, prints the DOM it
 * built and logs the page's console to stderr. The report must load without console errors, with
 * every chart in the DOM and no reference to anything outside the file (inline SVG in HTML needs no
 * namespace URL, so the page holds no URL at all).
 */
class SimulationReportInBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  /**
   * What Chromium printed: the rendered DOM on stdout and its log, including the page console, on
   * stderr.
   */
  private record Rendered(String dom, String log) {}

  @BeforeAll
  static void chromiumIsInstalled() {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "headless Chromium is needed: install it with `apt-get update && apt-get install -y chromium` (as root)");
  }

  @Test
  void theComparisonReportLoadsWithoutConsoleErrorsAndShowsEveryChart() throws Exception {
    List<Scenario> scenarios =
        List.of(
            Simulation.run("current.json", history(), rules(3), null),
            Simulation.run("proposed.json", history(), rules(1), null));
    Path report = dir.resolve("report.html");
    HtmlReport.write(report, "history.jsonl", scenarios);
    String html = Files.readString(report);
    assertThat(html).doesNotContain("http://", "https://").contains("<svg");

    Rendered page = render(report);

    assertThat(consoleErrors(page.log())).isEmpty();
    for (String chart :
        List.of("decisions", "reasons", "channels", "contacts", "rules", "delays")) {
      assertThat(page.dom()).containsPattern("<svg[^>]*id=\"" + chart + "\"");
    }
    assertThat(page.dom()).contains("current.json", "proposed.json", "default/daily");
    assertThat(page.dom().split("class=\"bar\"", -1).length - 1).isGreaterThan(20);
  }

  /** The check above must be able to fail: a page that logs an error is caught by the same scan. */
  @Test
  void aPageWithAConsoleErrorIsCaught() throws Exception {
    Path page = dir.resolve("broken.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><body><script>console.error('boom'); undefinedFn();</script>"
            + "</body></html>");

    assertThat(consoleErrors(render(page).log())).isNotEmpty();
  }

  private Rendered render(Path page) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path stdout = dir.resolve("dom-" + page.getFileName() + ".txt");
    Path stderr = dir.resolve("log-" + page.getFileName() + ".txt");
    Process chromium =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                page.toUri().toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 120 s");
    }
    String log = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(chromium.exitValue()).as("Chromium exit code; its log:%n%s", log).isZero();
    return new Rendered(Files.readString(stdout, StandardCharsets.UTF_8), log);
  }

  /**
   * Console messages and uncaught errors as Chromium logs them ({@code CONSOLE(line)] "text",
   * source: ...}).
   */
  private static List<String> consoleErrors(String log) {
    List<String> errors = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.contains("CONSOLE") || line.contains("Uncaught")) {
        errors.add(line);
      }
    }
    return errors;
  }

  private static ReplayRules rules(int daily) {
    return new ReplayRules(
        List.of(
            PolicyJson.readPolicy(
                """
        {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D",
         "caps":[{"id":"daily","max":%d,"window":"P1D"}]}"""
                    .formatted(daily))),
        List.of());
  }

  private static History history() {
    Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
    Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.PUSH};
    List<OutboundMessage> messages = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      messages.add(
          OutboundMessage.newBuilder()
              .setMessageId("m" + i)
              .setCustomerId("c" + i % 7)
              .setChannel(channels[i % 3])
              .setCategory(i % 5 == 0 ? "TRANSACTIONAL" : "MARKETING")
              .setCreatedAt(t0.plus(Duration.ofMinutes(37L * i)))
              .build());
    }
    return new History(messages, List.of());
  }
}
