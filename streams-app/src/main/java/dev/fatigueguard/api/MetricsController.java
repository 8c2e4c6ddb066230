package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code /metrics}: the Prometheus scrape (reader role). */
final class MetricsController {

  private final PrometheusMeterRegistry prometheus;

  MetricsController(PrometheusMeterRegistry prometheus) {
    this.prometheus = prometheus;
  }

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/metrics", this::scrape, Role.READER);
  }

  void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
  }
}
