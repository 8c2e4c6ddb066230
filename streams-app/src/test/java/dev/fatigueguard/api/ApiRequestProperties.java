package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random methods, paths, headers and bodies against a running server: never a 2xx without the right
 * role, never a server error (the only 5xx is 503 {@code unavailable} with Retry-After, to a caller
 * with the role, because no Kafka Streams runs behind this server — or a not-ready readiness
 * probe), and never an error that is not the API's JSON error body.
 */
class ApiRequestProperties {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATIC_FILES =
      Set.of("/", "/index.html", "/dashboard.js", "/dashboard.css");
  private static StandaloneApi api;

  /** A request as generated; {@code role} is the role of its token, null for no valid token. */
  record Request(
      String method,
      String path,
      Role role,
      String authorization,
      Map<String, String> headers,
      byte[] body) {

    @Override
    public String toString() {
      return method
          + " "
          + path
          + " role="
          + role
          + " auth="
          + authorization
          + " headers="
          + headers
          + " body="
          + (body == null ? "none" : body.length + " bytes");
    }
  }

  @BeforeContainer
  static void start() {
    api = new StandaloneApi();
  }

  @AfterContainer
  static void stop() {
    api.close();
  }

  @Property(tries = 400)
  void noRoleNoAnswerNoServerErrorAndEveryErrorIsTheJsonBody(@ForAll("requests") Request request)
      throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    if (request.authorization() != null) {
      headers.put("Authorization", request.authorization());
    }
    // A request whose URI or headers are over Jetty's limits is refused before its body is read,
    // and the connection closed: a client still sending a body then sees a broken pipe instead of
    // the 414/431 (a transport race, not an answer). Such requests go without a body; the refusal
    // itself is what is checked.
    int headerBytes =
        headers.entrySet().stream()
            .mapToInt(e -> e.getKey().length() + e.getValue().length() + 4)
            .sum();
    boolean overLimits = request.path().length() > 4096 || headerBytes > 4096;
    byte[] sentBody = overLimits ? null : request.body();
    HttpResponse<String> response;
    try {
      response = api.send(request.method(), request.path(), headers, sentBody);
    } catch (IllegalStateException transport) {
      // The same race for every request Jetty refuses while parsing (a request line, URI or
      // header it will not read to the end): it writes its JSON refusal and closes with bytes
      // unread, the kernel answers them with a reset, and the client may lose the refusal's body
      // after reading its head ("fixed content-length: 49, bytes received: 0"). A request with a
      // body is asked again without one and that answer is checked; for a request over the limits
      // the lost refusal is all there is to see, and nothing was granted.
      if (!(transport.getCause() instanceof IOException) || (sentBody == null && !overLimits)) {
        throw transport;
      }
      try {
        response = api.send(request.method(), request.path(), headers, null);
      } catch (IllegalStateException again) {
        if (overLimits && again.getCause() instanceof IOException) {
          return;
        }
        throw again;
      }
    }
    int status = response.statusCode();
    Set<RouteRole> access = access(request.method(), request.path());
    boolean allowed = access != null && (access.isEmpty() || access.contains(request.role()));
    boolean readiness = "/health/ready".equals(normalized(request.path()));

    if (status >= 200 && status < 300) {
      assertThat(allowed).as("a %d without the right role", status).isTrue();
    }
    if (status >= 500) {
      assertThat(status).as("a server error").isEqualTo(503);
      assertThat(allowed || readiness).as("a 503 before the role was checked").isTrue();
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
    if (status >= 400 && !(readiness && status == 503)) {
      assertThat(response.headers().firstValue("Content-Type"))
          .as("Content-Type of a %d", status)
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      if (!request.method().equals("HEAD")) {
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo(ErrorBody.code(status));
        assertThat(body.path("message").asText()).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> methods =
        Arbitraries.oneOf(
            Arbitraries.of(
                "GET", "GET", "HEAD", "POST", "PUT", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"),
            Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8));
    Arbitrary<Role> roles = Arbitraries.of(Role.class).injectNull(0.4);
    Arbitrary<String> garbage =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80).map(String::strip),
            Arbitraries.strings().alpha().ofMaxLength(40).map(t -> "Bearer " + t),
            Arbitraries.just("Basic YWRtaW46YWRtaW4="));
    Arbitrary<Map<String, String>> headers =
        Arbitraries.maps(
                Arbitraries.oneOf(
                    Arbitraries.of(
                        "Accept",
                        "Content-Type",
                        "Cookie",
                        "Range",
                        "If-None-Match",
                        "X-Forwarded-For",
                        OwnerRouting.FORWARDED_BY),
                    Arbitraries.strings()
                        .alpha()
                        .ofMinLength(1)
                        .ofMaxLength(12)
                        .map(n -> "X-" + n)),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200).map(String::strip))
            .ofMaxSize(4);
    Arbitrary<byte[]> bodies =
        Arbitraries.oneOf(
            Arbitraries.just((byte[]) null),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(2000),
            Arbitraries.strings()
                .ofMaxLength(500)
                .map(
                    s -> ("{\"tenant\":\"" + s + "\",\"caps\":[").getBytes(StandardCharsets.UTF_8)),
            Arbitraries.of(
                    "{\"tenant\":\"p\"}",
                    "{\"customerId\":\"p\"}",
                    "[]",
                    "null",
                    "{\"customerId\":\"p\",\"caps\":[{\"id\":\"x\",\"max\":1,\"window\":\"PT1S\"}]}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    return Combinators.combine(methods, paths(), roles, garbage, headers, bodies)
        .as(
            (method, path, role, junk, extra, body) ->
                new Request(
                    method,
                    path,
                    role,
                    role == null ? junk : "Bearer " + ApiAuthTest.tokenOf(role),
                    extra,
                    body));
  }

  /** Declared routes with random parameter values, and random paths near and far from them. */
  private Arbitrary<String> paths() {
    List<String> patterns = api.server.routes().stream().map(ApiRoute::path).distinct().toList();
    Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.of(
                "v1",
                "customers",
                "policies",
                "health",
                "ready",
                "live",
                "stats",
                "metrics",
                "budget",
                "held",
                "preferences",
                "openapi.json",
                "index.html",
                "",
                ".",
                "..",
                "%00",
                "%2F",
                "%2e%2e",
                "%25",
                ";x",
                "%C0%AE"),
            Arbitraries.strings().ofMaxLength(40).map(ApiRequestProperties::escape),
            Arbitraries.strings().withCharRange('a', 'z').ofLength(3000));
    Arbitrary<String> declared =
        Combinators.combine(Arbitraries.of(patterns), segment.list().ofMinSize(3).ofMaxSize(3))
            .as(
                (pattern, values) -> {
                  String path = pattern;
                  for (String value : values) {
                    path = path.replaceFirst("\\{[^}]+}", value.isEmpty() ? "x" : value);
                  }
                  return path;
                });
    Arbitrary<String> random =
        segment.list().ofMinSize(1).ofMaxSize(6).map(s -> "/" + String.join("/", s));
    Arbitrary<String> query =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.maps(
                    Arbitraries.of(
                            "channel",
                            "tags",
                            "tenant",
                            "category",
                            "step",
                            "points",
                            "from",
                            "scope")
                        .injectDuplicates(0.1),
                    Arbitraries.strings().ofMaxLength(30).map(ApiRequestProperties::escape))
                .ofMaxSize(4)
                .map(
                    m -> {
                      List<String> pairs = new ArrayList<>();
                      m.forEach((k, v) -> pairs.add(k + "=" + v));
                      return "?" + String.join("&", pairs);
                    }));
    return Combinators.combine(Arbitraries.oneOf(declared, random), query).as(String::concat);
  }

  /** Percent-encodes every UTF-8 byte of {@code text} outside the unreserved characters. */
  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  /**
   * The path without the query, as the server matches it: raw, so a {@code .} or {@code ..} segment
   * is a value of a path parameter (checked with that route's role), not navigation.
   */
  private static String normalized(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /**
   * The roles that may get an answer for this request: empty for an open route or static file, null
   * when no route is at the path (nobody gets a 2xx).
   */
  private static Set<RouteRole> access(String method, String path) {
    String normalized = normalized(path);
    if (STATIC_FILES.contains(normalized) && (method.equals("GET") || method.equals("HEAD"))) {
      return Set.of();
    }
    String[] segments = normalized.split("/", -1);
    Set<RouteRole> roles = null;
    for (ApiRoute route : api.server.routes()) {
      String[] pattern = route.path().split("/", -1);
      if (matches(pattern, segments)) {
        if (roles == null) {
          roles = new LinkedHashSet<>();
        }
        roles.addAll(route.roles());
      }
    }
    return roles;
  }

  private static boolean matches(String[] pattern, String[] segments) {
    if (pattern.length != segments.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      boolean parameter = pattern[i].startsWith("{");
      if (parameter ? segments[i].isEmpty() : !pattern[i].equals(decode(segments[i]))) {
        return false;
      }
    }
    return true;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
