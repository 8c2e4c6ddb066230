package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks every path the server declares (read from the server, so a new route cannot escape) with
 * every HTTP method and every kind of caller: no token and an unknown token are 401, a token
 * without the path's role is 403, whatever the method — HEAD and OPTIONS included — and every
 * refusal is the API's JSON error body.
 */
class ApiRouteWalkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Every method Javalin routes, as Java's client can send them (it refuses CONNECT, sent by hand
   * below), plus one method HTTP does not define.
   */
  private static final List<String> METHODS =
      Stream.concat(
              Arrays.stream(HandlerType.values())
                  .filter(HandlerType::isHttpMethod)
                  .filter(m -> m != HandlerType.CONNECT)
                  .map(HandlerType::name),
              Stream.of("PROPFIND"))
          .toList();

  private static StandaloneApi api;

  @BeforeAll
  static void start() {
    api = new StandaloneApi();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @TestFactory
  Stream<DynamicTest> everyProtectedPathRefusesEveryMethodWithoutItsRole() {
    List<DynamicTest> tests = new ArrayList<>();
    protectedPaths()
        .forEach(
            (path, roles) -> {
              for (String method : METHODS) {
                tests.add(
                    DynamicTest.dynamicTest(
                        method + " " + path, () -> refusesWithoutTheRole(method, path, roles)));
              }
            });
    return tests.stream();
  }

  private static void refusesWithoutTheRole(String method, String path, Set<RouteRole> roles)
      throws Exception {
    String url = concrete(path);
    if (method.equals("PROPFIND")) {
      // A method HTTP does not define matches no route: refused before any route is looked at.
      assertJsonError(api.call(method, url, null, null), 405);
      return;
    }
    HttpResponse<String> none = api.call(method, url, null, null);
    assertJsonError(none, 401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertJsonError(api.call(method, url, "not-a-configured-token", null), 401);
    assertJsonError(
        api.send(method, url, Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), null), 401);
    for (Role other : Role.values()) {
      if (!roles.contains(other)) {
        assertJsonError(api.call(method, url, ApiAuthTest.tokenOf(other), null), 403);
      }
    }
    // A customer link's token opens its customer's /v1/me paths and nothing else.
    String link =
        new CustomerLinks(StandaloneApi.LINK_SECRET, "")
            .sign("c-1", java.time.Instant.now().plusSeconds(600));
    if (!roles.contains(CustomerLinkRole.HOLDER)) {
      assertJsonError(api.call(method, url, link, null), 403);
    }
    for (RouteRole own : roles) {
      String credential = own == CustomerLinkRole.HOLDER ? link : ApiAuthTest.tokenOf((Role) own);
      int status = api.call(method, url, credential, null).statusCode();
      assertThat(status).as("%s %s with its own role", method, url).isNotIn(401, 403);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyOpenPathAnswersEveryMethodWithoutAToken() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String path : paths().keySet()) {
      if (!paths().get(path).isEmpty()) {
        continue;
      }
      for (String method : METHODS) {
        tests.add(
            DynamicTest.dynamicTest(
                method + " " + path,
                () -> {
                  HttpResponse<String> response = api.call(method, concrete(path), null, null);
                  assertThat(response.statusCode()).isNotIn(401, 403);
                  if (response.statusCode() >= 400 && !path.equals("/health/ready")) {
                    assertJsonError(response, response.statusCode());
                  }
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void headAndOptionsOnAProtectedPathNeedTheRoleLikeGet() {
    for (String method : List.of("HEAD", "OPTIONS")) {
      assertThat(api.call(method, "/v1/policies/default", null, null).statusCode()).isEqualTo(401);
      assertThat(api.call(method, "/v1/policies/default", StandaloneApi.READER, null).statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void headAnswersWhatGetWouldWithoutTheBody() {
    HttpResponse<String> get = api.call("GET", "/v1/stats", StandaloneApi.READER, null);
    HttpResponse<String> head = api.call("HEAD", "/v1/stats", StandaloneApi.READER, null);
    assertThat(head.statusCode()).isEqualTo(get.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type"))
        .isEqualTo(get.headers().firstValue("Content-Type"));
    assertThat(head.body()).isEmpty();
  }

  @Test
  void readinessTellsTheTruthForEveryMethodThatReadsIt() {
    // No Streams client behind this server: not ready, whichever way it is asked.
    for (String method : List.of("GET", "HEAD")) {
      HttpResponse<String> response = api.call(method, "/health/ready", null, null);
      assertThat(response.statusCode()).as(method).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).as(method).isPresent();
    }
  }

  @Test
  void optionsWithTheRoleListsTheAllowedMethods() {
    HttpResponse<String> response =
        api.call("OPTIONS", "/v1/customers/c-1/preferences", StandaloneApi.PREFERENCES, null);
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE, HEAD, OPTIONS");
  }

  @Test
  void aWrongMethodWithTheRoleIs405NamingTheAllowedOnes() throws Exception {
    HttpResponse<String> response =
        api.call("POST", "/v1/policies/acme", StandaloneApi.ADMIN, "{}");
    assertJsonError(response, 405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, PUT, HEAD, OPTIONS");
  }

  @Test
  void connectWithoutATokenIsRefusedWithTheJsonBody() throws Exception {
    // Java's client refuses to send CONNECT, so it goes over a plain socket.
    String response = api.raw("CONNECT /v1/policies/default HTTP/1.1");
    assertThat(response).startsWith("HTTP/1.1 4");
    assertThat(JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).has("error"))
        .isTrue();
  }

  /** Declared paths and the roles any of their routes accepts (empty: open). */
  private static Map<String, Set<RouteRole>> paths() {
    Map<String, Set<RouteRole>> paths = new LinkedHashMap<>();
    for (ApiRoute route : api.server.routes()) {
      paths.computeIfAbsent(route.path(), p -> new LinkedHashSet<>()).addAll(route.roles());
    }
    return paths;
  }

  private static Map<String, Set<RouteRole>> protectedPaths() {
    Map<String, Set<RouteRole>> paths = new LinkedHashMap<>(paths());
    paths.values().removeIf(Set::isEmpty);
    assertThat(paths).isNotEmpty();
    return paths;
  }

  /** The pattern with a value for every path parameter, e.g. {@code /v1/policies/p}. */
  private static String concrete(String path) {
    return path.replaceAll("\\{[^}]+}", "p");
  }

  static void assertJsonError(HttpResponse<String> response, int status) throws Exception {
    String request = response.request().method() + " " + response.request().uri();
    assertThat(response.statusCode()).as(request).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .as(request)
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    if (response.request().method().equals("HEAD")) {
      return; // no body, by definition
    }
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("error").asText()).as(request).isEqualTo(ErrorBody.code(status));
    assertThat(body.path("message").asText()).as(request).isNotBlank();
  }
}
