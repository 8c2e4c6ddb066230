package dev.fatigueguard.api;

import static dev.fatigueguard.api.ApiRouteWalkTest.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every refusal has the API's one JSON error body and a fitting status — including those Jetty
 * gives before Javalin sees the request.
 */
class ApiErrorBodyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static StandaloneApi api;

  @BeforeAll
  static void start() {
    api = new StandaloneApi();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void anUnknownRouteIs404() throws Exception {
    assertJsonError(api.call("GET", "/v1/nope", StandaloneApi.ADMIN, null), 404);
    assertJsonError(api.call("GET", "/v1/nope", null, null), 404);
    assertJsonError(api.call("DELETE", "/v1/customers", StandaloneApi.ADMIN, null), 404);
  }

  @Test
  void aWrongMethodOnAnOpenRouteIs405() throws Exception {
    HttpResponse<String> response = api.call("POST", "/health/live", null, "{}");
    assertJsonError(response, 405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }

  @Test
  void aNulInThePathIs400() throws Exception {
    assertJsonError(
        api.call("GET", "/v1/customers/c%00-1/budget", StandaloneApi.READER, null), 400);
    assertJsonError(api.call("GET", "/v1/policies/%00", StandaloneApi.ADMIN, null), 400);
  }

  @Test
  void anEncodedSlashOrDotSegmentIsPartOfTheIdAndStillNeedsTheRole() throws Exception {
    for (String id : java.util.List.of("a%2Fb", "%2E%2E", "..%2F..%2Fpolicies%2Fdefault")) {
      String path = "/v1/customers/" + id + "/budget";
      assertJsonError(api.call("GET", path, null, null), 401);
      assertJsonError(api.call("GET", path, StandaloneApi.ADMIN, null), 403);
    }
  }

  @Test
  void aMalformedRequestIs400() throws Exception {
    assertRawJsonError(api.raw("GET /v1/customers/%zz/budget HTTP/1.1"), 400);
    assertRawJsonError(api.raw("GET /v1/customers/c 1/budget HTTP/1.1"), 400);
  }

  @Test
  void aTooLongUriIs414() throws Exception {
    String id = "c".repeat(10_000);
    assertJsonError(api.call("GET", "/v1/customers/" + id + "/budget", null, null), 414);
  }

  @Test
  void tooLargeHeadersAre431() throws Exception {
    HttpResponse<String> response =
        api.send("GET", "/v1/stats", Map.of("X-Padding", "x".repeat(20_000)), null);
    assertJsonError(response, 431);
  }

  @Test
  void aTooLargeBodyIs413() throws Exception {
    byte[] body = new byte[10 * 1024 * 1024];
    Arrays.fill(body, (byte) ' ');
    HttpResponse<String> response =
        api.send(
            "PUT",
            "/v1/policies/acme",
            Map.of(
                "Authorization",
                "Bearer " + StandaloneApi.ADMIN,
                "Content-Type",
                "application/json"),
            body);
    assertJsonError(response, 413);
  }

  @Test
  void aTooLargeChunkedBodyIs413Too() throws Exception {
    // Without a Content-Length (chunked), Javalin's own limit does not apply: the routes enforce
    // it.
    for (String[] route :
        new String[][] {
          {"PUT", "/v1/policies/acme", StandaloneApi.ADMIN},
          {"PUT", "/v1/customers/c-1/preferences", StandaloneApi.PREFERENCES},
          {"POST", "/v1/customers/c-1/links", StandaloneApi.PREFERENCES}
        }) {
      HttpResponse<String> response =
          api.sendChunked(
              route[0],
              route[1],
              Map.of("Authorization", "Bearer " + route[2], "Content-Type", "application/json"),
              3_000_000);
      assertJsonError(response, 413);
    }
  }

  @Test
  void anUnexpectedFailureIs500WithoutTheStackTrace() throws Exception {
    Javalin app =
        Javalin.create(
            cfg ->
                cfg.router.mount(
                    router ->
                        router.get(
                            "/boom",
                            ctx -> {
                              throw new IllegalArgumentException("broken on purpose");
                            })));
    ErrorMapping.register(app);
    app.start("127.0.0.1", 0);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/boom"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertJsonError(response, 500);
      assertThat(response.body()).doesNotContain("at dev.fatigueguard");
    } finally {
      app.stop();
    }
  }

  private static void assertRawJsonError(String response, int status) throws Exception {
    assertThat(response).startsWith("HTTP/1.1 " + status);
    assertThat(response).containsIgnoringCase("Content-Type: application/json");
    JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(body.path("error").asText()).isEqualTo(ErrorBody.code(status));
    assertThat(body.path("message").asText()).isNotBlank();
  }
}
