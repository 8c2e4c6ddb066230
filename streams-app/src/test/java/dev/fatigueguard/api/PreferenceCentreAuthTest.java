package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may issue customer links and who may use them: staff tokens issue, link tokens open only
 * {@code /v1/me} of their own customer, and neither passes for the other.
 */
class PreferenceCentreAuthTest {

  static final List<String> LINK_ROUTES = List.of("POST /v1/customers/{id}/links");
  static final List<String> CUSTOMER_ROUTES =
      List.of(
          "GET /v1/me/history",
          "GET /v1/me/held",
          "GET /v1/me/preferences",
          "PUT /v1/me/preferences",
          "DELETE /v1/me");
  static final List<String> PAGE_ROUTES = List.of("GET /me", "GET /me/app.js", "GET /me/style.css");

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

  private static String issue(String customerId) throws Exception {
    HttpResponse<String> response =
        api.call("POST", "/v1/customers/" + customerId + "/links", StandaloneApi.PREFERENCES, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).path("token").asText();
  }

  private static HttpResponse<String> call(String route, String token) {
    String[] parts = route.split(" ");
    String body = parts[0].equals("PUT") ? "{\"caps\":[]}" : null;
    return api.call(
        parts[0], parts[1].replace("{id}", "c-1").replace("{tenant}", "acme"), token, body);
  }

  @Test
  void adminAndPreferencesTokensIssueLinksAReaderTokenDoesNot() throws Exception {
    for (String token : List.of(StandaloneApi.ADMIN, StandaloneApi.PREFERENCES)) {
      HttpResponse<String> response =
          api.call("POST", "/v1/customers/c-1/links", token, "{\"expiresIn\":\"P7D\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      JsonNode link = JSON.readTree(response.body());
      assertThat(link.path("customerId").asText()).isEqualTo("c-1");
      assertThat(link.path("url").asText())
          .startsWith("http://127.0.0.1:" + api.server.port() + "/me#token=")
          .endsWith(link.path("token").asText());
      Instant expiresAt = Instant.parse(link.path("expiresAt").asText());
      assertThat(Duration.between(Instant.now(), expiresAt))
          .isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
    assertThat(api.call("POST", "/v1/customers/c-1/links", StandaloneApi.READER, null).statusCode())
        .isEqualTo(403);
    assertThat(api.call("POST", "/v1/customers/c-1/links", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void aLinkLastsThirtyDaysUnlessAskedOtherwiseWithinFiveMinutesToNinetyDays() throws Exception {
    HttpResponse<String> byDefault =
        api.call("POST", "/v1/customers/c-1/links", StandaloneApi.ADMIN, null);
    Instant expiresAt = Instant.parse(JSON.readTree(byDefault.body()).path("expiresAt").asText());
    assertThat(Duration.between(Instant.now(), expiresAt))
        .isBetween(Duration.ofDays(30).minusMinutes(1), Duration.ofDays(30));
    for (String bad : List.of("\"PT1M\"", "\"P91D\"", "\"soon\"", "7")) {
      HttpResponse<String> response =
          api.call(
              "POST",
              "/v1/customers/c-1/links",
              StandaloneApi.ADMIN,
              "{\"expiresIn\":" + bad + "}");
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).path("violations").get(0).path("field").asText())
          .isEqualTo("expiresIn");
    }
    HttpResponse<String> unknown =
        api.call("POST", "/v1/customers/c-1/links", StandaloneApi.ADMIN, "{\"expires\":\"P1D\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("\"field\":\"expires\"");
  }

  @Test
  void aCustomerTokenNeverPassesAStaffRoute() throws Exception {
    String customer = issue("c-1");
    for (ApiAuthTest.Route r : ApiAuthTest.PROTECTED) {
      HttpResponse<String> response = api.call(r.method(), r.path(), customer, r.body());
      assertThat(response.statusCode()).as("%s %s", r.method(), r.path()).isEqualTo(403);
      assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("forbidden");
    }
    for (String route : LINK_ROUTES) {
      assertThat(call(route, customer).statusCode()).as(route).isEqualTo(403);
    }
  }

  @Test
  void aStaffTokenDoesNotOpenACustomersRoutes() {
    for (String route : CUSTOMER_ROUTES) {
      for (String staff :
          List.of(StandaloneApi.ADMIN, StandaloneApi.PREFERENCES, StandaloneApi.READER)) {
        HttpResponse<String> response = call(route, staff);
        assertThat(response.statusCode()).as("%s with %s", route, staff).isEqualTo(403);
        assertThat(response.body()).contains("\"error\":\"forbidden\"", "/links");
      }
    }
  }

  @Test
  void withoutAValidLinkTokenCustomerRoutesAnswer401InTheErrorBody() throws Exception {
    String valid = issue("c-1");
    String expired =
        new CustomerLinks(StandaloneApi.LINK_SECRET, "").sign("c-1", Instant.now().minusSeconds(1));
    String foreign =
        new CustomerLinks("some-other-guards-secret-0123456789abcdef", "")
            .sign("c-1", Instant.now().plusSeconds(3600));
    // Change a character in the middle of the signature: the last base64url character also carries
    // padding bits the decoder ignores, so changing it can leave the same signature bytes.
    int middle = valid.length() - 20;
    String tampered =
        valid.substring(0, middle)
            + (valid.charAt(middle) == 'A' ? 'B' : 'A')
            + valid.substring(middle + 1);
    for (String route : CUSTOMER_ROUTES) {
      for (String token : new String[] {null, "", "not-a-token", expired, foreign, tampered}) {
        HttpResponse<String> response = call(route, token);
        assertThat(response.statusCode()).as("%s with %s", route, token).isEqualTo(401);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo("unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        if (token == expired) {
          assertThat(body.path("message").asText()).contains("expired");
        }
      }
      // Past authentication, a valid link meets a guard without Streams behind it.
      assertThat(call(route, valid).statusCode()).as(route).isIn(202, 503);
    }
  }

  @Test
  void aLinkOpensOnlyItsOwnCustomerEvenWhenTheBodyNamesAnother() throws Exception {
    String token = issue("c-1");
    HttpResponse<String> response =
        api.call("PUT", "/v1/me/preferences", token, "{\"customerId\":\"c-2\",\"caps\":[]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"customerId\"");
  }

  @Test
  void badPreferencesThroughALinkGetTheSameFieldNamedErrorsAsTheStaffApi() throws Exception {
    String token = issue("c-1");
    String body =
        "{\"caps\":[{\"id\":\"d\",\"max\":-1,\"window\":\"P1D\"}],\"zone\":\"Mars/Base\"}";
    HttpResponse<String> mine = api.call("PUT", "/v1/me/preferences", token, body);
    HttpResponse<String> staff =
        api.call(
            "PUT",
            "/v1/customers/c-1/preferences",
            StandaloneApi.PREFERENCES,
            body.replace("{\"caps\"", "{\"customerId\":\"c-1\",\"caps\""));
    assertThat(mine.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(mine.body()).path("violations"))
        .isEqualTo(JSON.readTree(staff.body()).path("violations"));
    assertThat(mine.body()).contains("caps[0].max", "zone");
  }

  @Test
  void thePageIsServedWithoutCachingReferrersFramingOrForeignSources() {
    for (String route : PAGE_ROUTES) {
      HttpResponse<String> response = call(route, null);
      assertThat(response.statusCode()).as(route).isEqualTo(200);
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              csp -> assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'"));
      assertThat(response.body()).doesNotContain("http://", "https://");
    }
  }
}
