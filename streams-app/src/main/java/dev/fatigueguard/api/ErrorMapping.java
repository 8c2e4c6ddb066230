package dev.fatigueguard.api;

import dev.fatigueguard.policy.InvalidPolicyException;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler throws into the API's one error body, {@code {"error", "message",
 * "violations"?}}, with the fitting status.
 */
final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void register(Javalin app) {
    app.exception(
        ApiError.class,
        (e, ctx) -> {
          if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
          }
          if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"fatigue-guard\"");
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("error", e.error());
          body.put("message", e.getMessage());
          if (!e.violations().isEmpty()) {
            body.put("violations", e.violations());
          }
          ctx.status(e.status()).json(body);
        });
    app.exception(
        InvalidPolicyException.class,
        (e, ctx) -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("error", "bad_request");
          body.put("message", e.getMessage());
          body.put("violations", e.violations());
          ctx.status(400).json(body);
        });
    // The task moved away (or is restoring) between the metadata check and the read.
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) ->
            ctx.header("Retry-After", "2")
                .status(503)
                .json(
                    Map.of(
                        "error",
                        "unavailable",
                        "message",
                        "state store not queryable right now: " + e.getMessage())));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
          ctx.status(500)
              .json(Map.of("error", "internal", "message", String.valueOf(e.getMessage())));
        });
  }
}
