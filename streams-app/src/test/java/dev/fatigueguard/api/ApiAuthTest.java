package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.config.InvalidConfigurationException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every protected route: no token 401, unknown token 401, another role's token 403, its own role's
 * token passes.
 */
class ApiAuthTest {

  record Route(String method, String path, Role role, String body) {}

  private static final String PREFS =
      "{\"customerId\":\"c-1\",\"caps\":[{\"id\":\"x\",\"max\":1,\"window\":\"PT1S\"}]}";
  private static final String POLICY = "{\"tenant\":\"acme\",\"maxDelay\":\"nonsense\"}";

  /**
   * Bodies are invalid on purpose: a request that passes auth then stops at validation, not at
   * Kafka.
   */
  static final List<Route> PROTECTED =
      List.of(
          new Route("GET", "/metrics", Role.READER, null),
          new Route("GET", "/v1/stats", Role.READER, null),
          new Route("GET", "/v1/customers/c-1/budget", Role.READER, null),
          new Route("GET", "/v1/customers/c-1/held", Role.READER, null),
          new Route("GET", "/v1/customers/c-1/preferences", Role.PREFERENCES, null),
          new Route("PUT", "/v1/customers/c-1/preferences", Role.PREFERENCES, PREFS),
          new Route("DELETE", "/v1/customers/c-1/preferences", Role.PREFERENCES, null),
          new Route("GET", "/v1/policies/acme", Role.ADMIN, null),
          new Route("PUT", "/v1/policies/acme", Role.ADMIN, POLICY));

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
  void everyProtectedRouteIsCovered() {
    List<String> protectedRoutes =
        PROTECTED.stream()
            .map(
                r -> r.method() + " " + r.path().replace("c-1", "{id}").replace("acme", "{tenant}"))
            .toList();
    List<String> open =
        List.of(
            "GET /health/live",
            "GET /health/ready",
            "GET /v1/openapi.json",
            "GET /",
            "GET /index.html",
            "GET /dashboard.js",
            "GET /dashboard.css");
    assertThat(api.server.routes().stream().map(ApiRoute::toString).toList())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.of(
                    protectedRoutes,
                    open,
                    PreferenceCentreAuthTest.LINK_ROUTES,
                    PreferenceCentreAuthTest.CUSTOMER_ROUTES,
                    PreferenceCentreAuthTest.PAGE_ROUTES)
                .flatMap(List::stream)
                .toList());
  }

  @Test
  void withoutATokenEveryProtectedRouteAnswers401() {
    for (Route r : PROTECTED) {
      HttpResponse<String> response = api.call(r.method(), r.path(), null, r.body());
      assertThat(response.statusCode()).as("%s %s", r.method(), r.path()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    }
  }

  @Test
  void anUnknownTokenIs401() {
    for (Route r : PROTECTED) {
      HttpResponse<String> response =
          api.call(r.method(), r.path(), "not-a-configured-token", r.body());
      assertThat(response.statusCode()).as("%s %s", r.method(), r.path()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
      // Not "a token is required": the caller sent one, and needs to know it was not recognised.
      assertThat(response.body()).contains("not one this guard knows");
    }
  }

  @Test
  void aTokenOfAnotherRoleIs403() {
    for (Route r : PROTECTED) {
      for (Role other : Role.values()) {
        if (other != r.role()) {
          HttpResponse<String> response = api.call(r.method(), r.path(), tokenOf(other), r.body());
          assertThat(response.statusCode())
              .as("%s %s with %s", r.method(), r.path(), other)
              .isEqualTo(403);
          assertThat(response.body()).contains(r.role().name().toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
  }

  @Test
  void theRightRolePassesAuthentication() {
    for (Route r : PROTECTED) {
      int status = api.call(r.method(), r.path(), tokenOf(r.role()), r.body()).statusCode();
      // 200 (metrics, stats), 400 (invalid bodies), 503 (no Streams, no broker behind this server):
      // never 401/403.
      assertThat(status).as("%s %s", r.method(), r.path()).isIn(200, 400, 503);
    }
  }

  @Test
  void healthOpenApiAndTheDashboardPageAreOpen() {
    assertThat(api.call("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
    assertThat(api.call("GET", "/health/ready", null, null).statusCode()).isEqualTo(503);
    assertThat(api.call("GET", "/v1/openapi.json", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> page = api.call("GET", "/", null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("fatigue-guard").doesNotContain("token-1");
  }

  @Test
  void customerQueriesAnswer503WithRetryAfterWhileTheGuardIsNotRunning() {
    HttpResponse<String> response =
        api.call("GET", "/v1/customers/c-1/budget", StandaloneApi.READER, null);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void tokensMustBeConfiguredAsHashesAndTheRawValueIsNeverEchoed() {
    Map<String, String> settings =
        Map.of(
            "bootstrap.servers",
            "127.0.0.1:9",
            GuardConfig.SCHEMA_REGISTRY_URL,
            "mock://auth",
            GuardSetting.HTTP_TOKENS_READER.key(),
            "my-raw-secret-token");
    assertThatThrownBy(() -> GuardConfig.of(settings, Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(GuardSetting.HTTP_TOKENS_READER.key())
        .hasMessageNotContaining("my-raw-secret-token");
  }

  @Test
  void tokenHashesAreHiddenInTheStartupDescription() {
    String hash = BearerTokens.hashOf("x");
    GuardConfig config =
        GuardConfig.of(
            Map.of(
                "bootstrap.servers",
                "127.0.0.1:9",
                GuardConfig.SCHEMA_REGISTRY_URL,
                "mock://auth",
                GuardSetting.HTTP_TOKENS_ADMIN.key(),
                hash),
            Map.of());
    assertThat(config.describe().get(GuardSetting.HTTP_TOKENS_ADMIN.key())).isEqualTo("[hidden]");
    assertThat(config.describe().toString()).doesNotContain(hash);
  }

  @Test
  void aTokenListedUnderSeveralRolesHasThemAll() {
    String hash = BearerTokens.hashOf("ops");
    GuardConfig config =
        GuardConfig.of(
            Map.of(
                "bootstrap.servers",
                "127.0.0.1:9",
                GuardConfig.SCHEMA_REGISTRY_URL,
                "mock://auth",
                GuardSetting.HTTP_TOKENS_ADMIN.key(),
                hash,
                GuardSetting.HTTP_TOKENS_READER.key(),
                BearerTokens.hashOf("other") + "," + hash.toUpperCase(java.util.Locale.ROOT)),
            Map.of());
    BearerTokens tokens = new BearerTokens(config);
    assertThat(tokens.rolesOf("Bearer ops")).containsExactlyInAnyOrder(Role.ADMIN, Role.READER);
    assertThat(tokens.rolesOf("bearer ops")).containsExactlyInAnyOrder(Role.ADMIN, Role.READER);
    assertThat(tokens.rolesOf("Basic ops")).isEmpty();
    assertThat(tokens.rolesOf(null)).isEmpty();
  }

  static String tokenOf(Role role) {
    return switch (role) {
      case ADMIN -> StandaloneApi.ADMIN;
      case PREFERENCES -> StandaloneApi.PREFERENCES;
      case READER -> StandaloneApi.READER;
    };
  }
}
