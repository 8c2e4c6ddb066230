package dev.fatigueguard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.management.HttpRequestTimer;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.topology.GuardSerdes;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's HTTP surface, served by every instance: the versioned JSON API under {@code /v1},
 * health probes, Prometheus metrics and the live dashboard. This class only assembles it: one
 * controller per resource adds its routes with the {@link Role} each needs, {@link AccessControl}
 * checks the caller before every matched route, and {@link ErrorMapping} gives every failure the
 * one error body. Routes without a role (health, the OpenAPI document, the dashboard's static page)
 * are open.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final GuardConfig config;
  private final BearerTokens tokens;
  private final PeerClient peers = new PeerClient();
  private final OwnerRouting owners = new OwnerRouting(peers);
  private final RouteTable routes = new RouteTable();
  private final Javalin app;

  public ApiServer(
      GuardConfig config,
      GuardSerdes serdes,
      GuardMetrics metrics,
      PrometheusMeterRegistry prometheus,
      RecordPublisher publisher) {
    this.config = config;
    this.tokens = new BearerTokens(config);
    ObjectMapper json = JsonMapper.builder().build();
    LocalCustomerState state =
        new LocalCustomerState(
            json,
            serdes.policy().deserializer(),
            serdes.outboundMessage().deserializer(),
            config.topic(GuardSetting.TOPIC_POLICIES),
            config.topic(GuardSetting.TOPIC_INPUT));
    HealthController health = new HealthController(owners);
    MetricsController scrape = new MetricsController(prometheus);
    OpenApiController openApi = new OpenApiController();
    StatsController stats = new StatsController(owners, peers, metrics, json);
    CustomerController customers = new CustomerController(owners, state, publisher, json);
    PolicyController policies = new PolicyController(owners, state, publisher, json);
    Clock clock = Clock.systemUTC();
    CustomerLinks links =
        new CustomerLinks(
            config.get(GuardSetting.PREFERENCE_CENTRE_SECRET),
            config.get(GuardSetting.PREFERENCE_CENTRE_PREVIOUS_SECRET));
    LinkController linkIssuer =
        new LinkController(links, config.get(GuardSetting.PREFERENCE_CENTRE_URL), json, clock);
    MeController me = new MeController(owners, state, publisher, json, clock);
    PreferenceCentrePage page = new PreferenceCentrePage();
    DashboardPage dashboard = new DashboardPage();
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = RequestBody.MAX_BYTES;
              cfg.jsonMapper(new JavalinJackson(json, false));
              cfg.requestLogger.http(new HttpRequestTimer(prometheus)::record);
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              cfg.jetty.modifyServletContextHandler(
                  context -> context.setErrorHandler(new JsonErrorHandler()));
              cfg.events(events -> events.handlerAdded(routes::added));
              cfg.router.apiBuilder(
                  () -> {
                    health.routes();
                    scrape.routes();
                    openApi.routes();
                    stats.routes();
                    customers.routes();
                    policies.routes();
                    linkIssuer.routes();
                    me.routes();
                    page.routes();
                    dashboard.routes();
                  });
            });
    routes.coverEveryMethod(app);
    app.beforeMatched(new AccessControl(tokens, links, clock)::check);
    ErrorMapping.register(app);
  }

  /** Binds the port and returns it (the real one when {@code guard.http.port} is 0). */
  public int start() {
    if (tokens.isEmpty()) {
      LOG.warn(
          "no HTTP tokens configured ({}, {}, {}): only /health/*, /v1/openapi.json and the dashboard page "
              + "answer; every other route returns 401",
          GuardSetting.HTTP_TOKENS_ADMIN.key(),
          GuardSetting.HTTP_TOKENS_PREFERENCES.key(),
          GuardSetting.HTTP_TOKENS_READER.key());
    }
    String bind = config.get(GuardSetting.HTTP_BIND_ADDRESS);
    int port = config.integer(GuardSetting.HTTP_PORT);
    try {
      app.start(bind, port);
    } catch (JavalinBindException e) {
      // The preflight checks the port, but another process can take it in between.
      throw new IllegalStateException(
          GuardSetting.HTTP_PORT.key()
              + "="
              + port
              + " cannot be bound on "
              + bind
              + ": the port is in use; stop what listens there, or set "
              + GuardSetting.HTTP_PORT.key()
              + " to a free port",
          e);
    }
    return app.port();
  }

  /** Connects the API to the running Streams client; until then customer routes answer 503. */
  public void attach(KafkaStreams streams, HostInfo self) {
    owners.attach(streams, self);
  }

  public int port() {
    return app.port();
  }

  /**
   * Every route the resources declare, e.g. {@code GET /v1/customers/{id}/budget} with its roles
   * (without the methods {@link RouteTable} adds to answer the others).
   */
  public List<ApiRoute> routes() {
    return routes.routes();
  }

  @Override
  public void close() {
    app.stop();
  }
}
