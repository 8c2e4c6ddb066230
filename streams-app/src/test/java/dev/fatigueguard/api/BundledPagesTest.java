package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard and the preference centre are answered whole whatever the request asks for: the API
 * fuzz test found Jetty's resource service answering {@code Range:} (empty) with a Content-Length
 * and no body, and a client then waits for bytes that never come.
 */
class BundledPagesTest {

  private static StandaloneApi api;

  @BeforeAll
  static void start() {
    api = new StandaloneApi();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest(name = "{0} with Range ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "/|''|dashboard/index.html|text/html",
        "/index.html|''|dashboard/index.html|text/html",
        "/index.html|bytes=0-10|dashboard/index.html|text/html",
        "/dashboard.js|bytes=5-|dashboard/dashboard.js|text/javascript",
        "/dashboard.css|&w|dashboard/dashboard.css|text/css",
        "/me|''|preference-centre/index.html|text/html",
        "/me/app.js|bytes=0-0|preference-centre/app.js|text/javascript",
        "/me/style.css|''|preference-centre/style.css|text/css"
      })
  void everyPageFileIsAnsweredWholeWhateverTheRangeHeaderSays(
      String path, String range, String resource, String type) throws IOException {
    HttpResponse<String> response = api.send("GET", path, Map.of("Range", range), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith(type));
    assertThat(response.body()).isEqualTo(resource(resource));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        BundledPagesTest.class.getResourceAsStream("/dev/fatigueguard/api/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
