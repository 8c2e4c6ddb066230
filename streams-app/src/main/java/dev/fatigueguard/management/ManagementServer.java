package dev.fatigueguard.management;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The management listener: Prometheus metrics and the health probes on a port of their own ({@code
 * guard.management.port}), without a token. It is meant for the scraper and the kubelet, on a port
 * that is not exposed to callers of the API; the API port keeps its authenticated copy of {@code
 * /metrics} for callers with a reader token. Nothing here reads or changes customer data.
 *
 * <p>Also binds the JVM's memory, GC, thread, class-loading, CPU and uptime meters, so one scrape
 * shows heap next to RocksDB's native memory.
 */
public final class ManagementServer implements AutoCloseable {

  public static final String METRICS = "/metrics";
  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final GuardConfig config;
  private final PrometheusMeterRegistry registry;
  private final StreamsHealth health = new StreamsHealth();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Javalin app;

  public ManagementServer(GuardConfig config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
            });
    app.get(METRICS, this::scrape);
    app.get(LIVE, ctx -> answer(ctx, health.live()));
    app.get(READY, ctx -> answer(ctx, health.ready()));
  }

  /** Binds the port and returns it (the real one when {@code guard.management.port} is 0). */
  public int start() {
    app.start(
        config.get(GuardSetting.MANAGEMENT_BIND_ADDRESS),
        config.integer(GuardSetting.MANAGEMENT_PORT));
    return app.port();
  }

  /** Connects the probes to the Streams client. */
  public void attach(KafkaStreams streams) {
    health.attach(streams);
  }

  public int port() {
    return app.port();
  }

  private void scrape(Context ctx) {
    ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
  }

  private static void answer(Context ctx, StreamsHealth.Answer answer) {
    if (!answer.up()) {
      ctx.header("Retry-After", "2");
    }
    ctx.status(answer.up() ? 200 : 503).json(answer.body());
  }

  @Override
  public void close() {
    app.stop();
    gc.close();
  }
}
