package dev.fatigueguard.api;

import dev.fatigueguard.policy.InvalidPolicyException;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler or Javalin's router throws into the API's one error body ({@link ErrorBody})
 * with the fitting status. What Jetty refuses before Javalin sees it gets the same body from {@link
 * JsonErrorHandler}.
 */
final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void register(Javalin app) {
    // A method Javalin does not know (e.g. PROPFIND) matches no route, so no role check runs for
    // it; it is refused here, before any route is looked at.
    app.before(
        ctx -> {
          if (ctx.method() == HandlerType.INVALID) {
            throw ApiError.methodNotAllowed(ctx.req().getMethod(), "the methods of HTTP/1.1");
          }
        });
    app.exception(
        ApiError.class,
        (e, ctx) -> {
          if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
          }
          if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"fatigue-guard\"");
          }
          ctx.status(e.status()).json(ErrorBody.of(e.status(), e.getMessage(), e.violations()));
        });
    app.exception(
        InvalidPolicyException.class,
        (e, ctx) -> ctx.status(400).json(ErrorBody.of(400, e.getMessage(), e.violations())));
    // The task moved away (or is restoring) between the metadata check and the read.
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) ->
            ctx.header("Retry-After", "2")
                .status(503)
                .json(
                    ErrorBody.of(
                        503, "state store not queryable right now: " + e.getMessage(), List.of())));
    // Javalin's own refusals: no route at the path, a body over the size limit, ...
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            ctx.status(e.getStatus()).json(ErrorBody.of(e.getStatus(), e.getMessage(), List.of())));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
          ctx.status(500).json(ErrorBody.of(500, String.valueOf(e.getMessage()), List.of()));
        });
  }
}
