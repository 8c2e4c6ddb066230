package dev.fatigueguard.api;

import dev.fatigueguard.policy.Violation;
import io.javalin.security.RouteRole;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * An answer other than success, with the HTTP status and a body that says what to fix. Handlers
 * throw it; the server turns it into {@code {"error":..., "message":...,
 * "violations":[{"field","problem"}]}}.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String error;
  private final List<Violation> violations;
  private final int retryAfterSeconds;

  private ApiError(
      int status, String error, String message, List<Violation> violations, int retryAfterSeconds) {
    super(message);
    this.status = status;
    this.error = error;
    this.violations = List.copyOf(violations);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError badRequest(String message, List<Violation> violations) {
    return new ApiError(400, "bad_request", message, violations, 0);
  }

  /** A bad query or path parameter, named in the body. */
  public static ApiError badParameter(String name, String problem) {
    return badRequest(
        "invalid parameter '" + name + "': " + problem, List.of(new Violation(name, problem)));
  }

  public static ApiError unauthorized() {
    return new ApiError(
        401,
        "unauthorized",
        "a bearer token is required (Authorization: Bearer <token>)",
        List.of(),
        0);
  }

  /** Authentication failed for a reason worth saying (an expired customer link, say). */
  public static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message, List.of(), 0);
  }

  /** A valid credential of the wrong kind for this route. */
  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message, List.of(), 0);
  }

  /** The feature the route serves is switched off by configuration. */
  public static ApiError notConfigured(String message) {
    return new ApiError(501, "not_configured", message, List.of(), 0);
  }

  /** A known token without any of the roles the route accepts. */
  public static ApiError forbidden(Collection<? extends RouteRole> accepted) {
    List<String> names =
        accepted.stream().map(r -> r.toString().toLowerCase(Locale.ROOT)).sorted().toList();
    String message =
        names.size() == 1
            ? "this token lacks the role " + names.get(0)
            : "this token has none of the roles " + String.join(", ", names);
    return new ApiError(403, "forbidden", message, List.of(), 0);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message, List.of(), 0);
  }

  /** The path exists, the method does not (the caller sets {@code Allow}). */
  public static ApiError methodNotAllowed(String method, String allowed) {
    return new ApiError(
        405,
        "method_not_allowed",
        "method " + method + " is not allowed here (allowed: " + allowed + ")",
        List.of(),
        0);
  }

  /** The answer cannot be given right now (rebalance, restoring state); the client should retry. */
  public static ApiError unavailable(String message) {
    return new ApiError(503, "unavailable", message, List.of(), 2);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public List<Violation> violations() {
    return violations;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
