package dev.fatigueguard.management;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times every HTTP request of the API as {@code guard.http.requests}, tagged with the method, the
 * route template (so {@code /v1/customers/{id}/budget} is one series, not one per customer) and the
 * status. Requests that matched no route share the route {@code unmatched}, which keeps the series
 * count bounded whatever paths callers try.
 */
public final class HttpRequestTimer {

  private final MeterRegistry registry;

  public HttpRequestTimer(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A Javalin request logger: called once per request with its execution time. */
  public void record(Context ctx, Float executionMillis) {
    Timer.builder("guard.http.requests")
        .description("HTTP API requests by method, route and status")
        .tag("method", ctx.method().name())
        .tag("route", route(ctx))
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record((long) (executionMillis * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  private static String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() || path.equals("*") ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
