package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the server's route table describe the same API. */
class ApiOpenApiTest {

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws Exception {
    try (StandaloneApi api = new StandaloneApi()) {
      var response = api.call("GET", "/v1/openapi.json", null, null);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode doc = new ObjectMapper().readTree(response.body());
      Set<String> documented = new TreeSet<>();
      for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
        path.getValue()
            .fieldNames()
            .forEachRemaining(
                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
      }
      assertThat(documented)
          .isEqualTo(new TreeSet<>(api.server.routes().stream().map(ApiRoute::toString).toList()));
    }
  }

  @Test
  void protectedOperationsNameTheirRoleAndOpenOnesDoNot() throws Exception {
    try (StandaloneApi api = new StandaloneApi()) {
      JsonNode doc =
          new ObjectMapper().readTree(api.call("GET", "/v1/openapi.json", null, null).body());
      for (ApiAuthTest.Route r : ApiAuthTest.PROTECTED) {
        String path = r.path().replace("c-1", "{id}").replace("acme", "{tenant}");
        JsonNode op = doc.path("paths").path(path).path(r.method().toLowerCase(Locale.ROOT));
        assertThat(op.path("x-role").asText())
            .as("%s %s", r.method(), path)
            .isEqualTo(r.role().name().toLowerCase(Locale.ROOT));
        assertThat(op.path("responses").has("401")).isTrue();
        assertThat(op.path("responses").has("403")).isTrue();
      }
      assertThat(doc.path("paths").path("/health/ready").path("get").has("x-role")).isFalse();
    }
  }
}
