package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad documents and bad parameters answer 400 with every bad field named, before any state is read.
 */
class ApiValidationTest {

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
  void aBadPolicyNamesEveryBadField() throws Exception {
    HttpResponse<String> response =
        api.call(
            "PUT",
            "/v1/policies/acme",
            StandaloneApi.ADMIN,
            """
        {"tenant":"acme","maxDelay":"soon","caps":[{"id":"daily","max":-1,"window":"P1D"},
         {"id":"daily","max":1,"window":"PT1S"}],"quietHours":[{"id":"night","start":"25:00","end":"07:00"}]}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response))
        .contains("maxDelay", "caps[0].max", "caps[1].id", "caps[1].window", "quietHours[0].start");
  }

  @Test
  void aPolicyForAnotherTenantIsRejected() throws Exception {
    HttpResponse<String> response =
        api.call("PUT", "/v1/policies/acme", StandaloneApi.ADMIN, "{\"tenant\":\"other\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsExactly("tenant");
  }

  @Test
  void malformedJsonIsA400NotA500() throws Exception {
    HttpResponse<String> response =
        api.call("PUT", "/v1/policies/acme", StandaloneApi.ADMIN, "{\"tenant\":");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).isNotEmpty();
  }

  @Test
  void badPreferencesNameEveryBadField() throws Exception {
    HttpResponse<String> response =
        api.call(
            "PUT",
            "/v1/customers/c-1/preferences",
            StandaloneApi.PREFERENCES,
            """
        {"customerId":"c-1","zone":"Mars/Olympus","snoozeUntil":"tomorrow","optOuts":[{"channel":""}],"colour":"red"}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).contains("zone", "snoozeUntil", "optOuts[0].channel", "colour");
  }

  @Test
  void preferencesOfAnotherCustomerAreRejected() throws Exception {
    HttpResponse<String> response =
        api.call(
            "PUT",
            "/v1/customers/c-1/preferences",
            StandaloneApi.PREFERENCES,
            "{\"customerId\":\"c-2\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsExactly("customerId");
  }

  @Test
  void anOptOutOfAChannelTheSchemaDoesNotKnowIsRejected() throws Exception {
    HttpResponse<String> response =
        api.call(
            "PUT",
            "/v1/customers/c-1/preferences",
            StandaloneApi.PREFERENCES,
            "{\"customerId\":\"c-1\",\"optOuts\":[{\"channel\":\"PIGEON\"}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsExactly("optOuts[0].channel");
  }

  @Test
  void badQueryParametersAreNamed() throws Exception {
    assertThat(
            fields(
                api.call(
                    "GET", "/v1/customers/c-1/budget?channel=PIGEON", StandaloneApi.READER, null)))
        .containsExactly("channel");
    assertThat(
            fields(
                api.call(
                    "GET",
                    "/v1/customers/c-1/budget?channel=SMS&category=",
                    StandaloneApi.READER,
                    null)))
        .containsExactly("category");
    assertThat(
            fields(
                api.call("GET", "/v1/customers/c-1/budget?tags=a,,b", StandaloneApi.READER, null)))
        .containsExactly("tags");
    assertThat(
            fields(
                api.call("GET", "/v1/customers/c-1/budget?tenant=%20", StandaloneApi.READER, null)))
        .containsExactly("tenant");
    assertThat(fields(api.call("GET", "/v1/stats?step=0", StandaloneApi.READER, null)))
        .containsExactly("step");
    assertThat(fields(api.call("GET", "/v1/stats?points=x", StandaloneApi.READER, null)))
        .containsExactly("points");
    assertThat(fields(api.call("GET", "/v1/stats?scope=world", StandaloneApi.READER, null)))
        .containsExactly("scope");
  }

  private static List<String> fields(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("error").asText()).isEqualTo("bad_request");
    List<String> out = new ArrayList<>();
    body.path("violations")
        .forEach(
            v -> {
              assertThat(v.path("problem").asText()).isNotBlank();
              out.add(v.path("field").asText());
            });
    return out;
  }
}
