package dev.fatigueguard.api;

import dev.fatigueguard.policy.Violation;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's one error body, {@code {"error": code, "message": text, "violations": [...]}}, whoever
 * answers: a handler, Javalin's router, or Jetty before the request reaches Javalin.
 */
final class ErrorBody {

  private ErrorBody() {}

  static Map<String, Object> of(int status, String message, List<Violation> violations) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code(status));
    body.put("message", message == null || message.isBlank() ? reason(status) : message);
    if (!violations.isEmpty()) {
      body.put("violations", violations);
    }
    return body;
  }

  /**
   * The {@code error} code of a status: the documented names, else the reason phrase in snake case
   * (e.g. {@code uri_too_long}).
   */
  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "content_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 500 -> "internal";
      case 503 -> "unavailable";
      default ->
          reason(status)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^a-z0-9]+", "_")
              .replaceAll("_$", "");
    };
  }

  private static String reason(int status) {
    HttpStatus known = HttpStatus.forStatus(status);
    if (known != HttpStatus.UNKNOWN) {
      return known.getMessage();
    }
    return status >= 500 ? "Internal Server Error" : "Bad Request";
  }
}
