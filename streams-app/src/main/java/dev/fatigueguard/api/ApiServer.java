package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fatigueguard.app.RecordPublisher;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.management.HttpRequestTimer;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.metrics.LiveStats;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.policy.Violation;
import dev.fatigueguard.topology.GuardSerdes;
import dev.fatigueguard.topology.StoreNames;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's HTTP surface, served by every instance: the versioned JSON API under {@code /v1},
 * health probes, Prometheus metrics and the live dashboard. Routes carry the {@link Role} they
 * need; one check before every matched route turns a missing or unknown token into 401 and a token
 * without the role into 403. Routes without a role (health, the OpenAPI document, the dashboard's
 * static page) are open.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Set<String> CHANNELS =
      new TreeSet<>(Arrays.stream(Channel.values()).map(Enum::name).toList());
  private static final int MAX_TAGS = 50;

  private final GuardConfig config;
  private final BearerTokens tokens;
  private final GuardMetrics metrics;
  private final PrometheusMeterRegistry prometheus;
  private final RecordPublisher publisher;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final OwnerRouting owners = new OwnerRouting();
  private final LocalCustomerState state;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<String> routes = new CopyOnWriteArrayList<>();
  private final Javalin app;

  public ApiServer(
      GuardConfig config,
      GuardSerdes serdes,
      GuardMetrics metrics,
      PrometheusMeterRegistry prometheus,
      RecordPublisher publisher) {
    this.config = config;
    this.tokens = new BearerTokens(config);
    this.metrics = metrics;
    this.prometheus = prometheus;
    this.publisher = publisher;
    this.state =
        new LocalCustomerState(
            json,
            serdes.policy().deserializer(),
            serdes.outboundMessage().deserializer(),
            config.topic(GuardSetting.TOPIC_POLICIES),
            config.topic(GuardSetting.TOPIC_INPUT));
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.jsonMapper(new JavalinJackson(json, false));
              cfg.requestLogger.http(new HttpRequestTimer(prometheus)::record);
              cfg.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/dev/fatigueguard/api/dashboard";
                    files.location = Location.CLASSPATH;
                  });
              cfg.events(
                  events ->
                      events.handlerAdded(
                          meta -> {
                            HandlerType type = meta.getHttpMethod();
                            if (type.isHttpMethod()) {
                              routes.add(type.name() + " " + meta.getPath());
                            }
                          }));
              cfg.router.apiBuilder(
                  () -> {
                    get("/health/live", this::live);
                    get("/health/ready", this::ready);
                    get("/metrics", this::scrape, Role.READER);
                    get("/v1/openapi.json", this::openApi);
                    get("/v1/stats", this::stats, Role.READER);
                    get("/v1/customers/{id}/budget", this::budget, Role.READER);
                    get("/v1/customers/{id}/held", this::held, Role.READER);
                    get("/v1/customers/{id}/preferences", this::getPreferences, Role.PREFERENCES);
                    put("/v1/customers/{id}/preferences", this::putPreferences, Role.PREFERENCES);
                    delete("/v1/customers/{id}/preferences", this::erase, Role.PREFERENCES);
                    get("/v1/policies/{tenant}", this::getPolicy, Role.ADMIN);
                    put("/v1/policies/{tenant}", this::putPolicy, Role.ADMIN);
                  });
            });
    app.beforeMatched(this::authorize);
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
    app.start(config.get(GuardSetting.HTTP_BIND_ADDRESS), config.integer(GuardSetting.HTTP_PORT));
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
   * Method and path of every route, e.g. {@code GET /v1/customers/{id}/budget} (for the OpenAPI
   * test).
   */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  private void authorize(Context ctx) {
    Set<RouteRole> needed = ctx.routeRoles();
    if (needed.isEmpty()) {
      return;
    }
    Set<Role> granted = tokens.rolesOf(ctx.header("Authorization"));
    if (granted.isEmpty()) {
      throw ApiError.unauthorized();
    }
    for (RouteRole role : needed) {
      if (!granted.contains((Role) role)) {
        throw ApiError.forbidden((Role) role);
      }
    }
  }

  // --- health and metrics ---

  private void live(Context ctx) {
    KafkaStreams s = streamsOrNull();
    KafkaStreams.State st = s == null ? KafkaStreams.State.CREATED : s.state();
    boolean alive =
        st != KafkaStreams.State.ERROR
            && st != KafkaStreams.State.PENDING_ERROR
            && st != KafkaStreams.State.NOT_RUNNING
            && st != KafkaStreams.State.PENDING_SHUTDOWN;
    ctx.status(alive ? 200 : 503).json(Map.of("status", alive ? "UP" : "DOWN", "state", st.name()));
  }

  private void ready(Context ctx) {
    KafkaStreams s = streamsOrNull();
    String problem = null;
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      problem = "streams state is " + (s == null ? "CREATED" : s.state().name());
    } else {
      try {
        s.store(
                StoreQueryParameters.fromNameAndType(
                    StoreNames.POLICIES, QueryableStoreTypes.keyValueStore()))
            .approximateNumEntries();
      } catch (InvalidStateStoreException e) {
        problem = "stores not queryable: " + e.getMessage();
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problem == null ? "READY" : "NOT_READY");
    body.put("state", s == null ? "CREATED" : s.state().name());
    if (problem != null) {
      body.put("reason", problem);
      ctx.header("Retry-After", "2");
    }
    ctx.status(problem == null ? 200 : 503).json(body);
  }

  private KafkaStreams streamsOrNull() {
    return owners.streamsAnyState();
  }

  private void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape());
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }

  // --- dashboard stats ---

  private void stats(Context ctx) {
    int step = intParam(ctx, "step", 5, 1, 60);
    int points = intParam(ctx, "points", 60, 1, LiveStats.SECONDS_KEPT / step);
    long nowSecond = System.currentTimeMillis() / 1000;
    long defaultFrom = (nowSecond / step) * step - (long) step * (points - 1);
    long from = longParam(ctx, "from", defaultFrom);
    String scope = ctx.queryParam("scope") == null ? "cluster" : ctx.queryParam("scope");
    if (!scope.equals("cluster") && !scope.equals("local")) {
      throw ApiError.badParameter("scope", "must be 'cluster' or 'local', was '" + scope + "'");
    }
    HostInfo self = owners.self();
    String me = self == null ? "?" : self.host() + ":" + self.port();
    StatsSnapshot snapshot = StatsSnapshot.local(metrics, from, step, points, me);
    KafkaStreams s = owners.streamsAnyState();
    if (scope.equals("cluster") && s != null && self != null) {
      for (StreamsMetadata other : s.metadataForAllStreamsClients()) {
        if (!other.hostInfo().equals(self)) {
          snapshot = plusRemote(ctx, snapshot, other.hostInfo(), from, step, points);
        }
      }
    }
    ctx.json(snapshot);
  }

  private StatsSnapshot plusRemote(
      Context ctx, StatsSnapshot sum, HostInfo host, long from, int step, int points) {
    String name = host.host() + ":" + host.port();
    URI uri =
        URI.create(
            "http://"
                + name
                + "/v1/stats?scope=local&from="
                + from
                + "&step="
                + step
                + "&points="
                + points);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET();
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return sum.unreachable(name);
      }
      return sum.plus(json.readValue(response.body(), StatsSnapshot.class));
    } catch (IOException e) {
      return sum.unreachable(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return sum.unreachable(name);
    }
  }

  // --- customers ---

  private void budget(Context ctx) {
    String customerId = customerId(ctx);
    String channel = ctx.queryParam("channel");
    if (channel != null && !CHANNELS.contains(channel)) {
      throw ApiError.badParameter(
          "channel", "unknown channel '" + channel + "' (known: " + CHANNELS + ")");
    }
    String category = ctx.queryParam("category");
    if (category != null && category.isBlank()) {
      throw ApiError.badParameter(
          "category", "must not be blank (leave it out to ask about no category)");
    }
    String tenant = ctx.queryParam("tenant");
    if (tenant != null && tenant.isBlank()) {
      throw ApiError.badParameter(
          "tenant", "must not be blank (leave it out for the default policy only)");
    }
    Set<String> tags = new TreeSet<>();
    for (String value : ctx.queryParams("tags")) {
      for (String tag : value.split(",")) {
        if (tag.isBlank()) {
          throw ApiError.badParameter(
              "tags", "must be a comma-separated list of non-blank tags, was '" + value + "'");
        }
        tags.add(tag.trim());
      }
    }
    if (tags.size() > MAX_TAGS) {
      throw ApiError.badParameter("tags", "at most " + MAX_TAGS + " tags");
    }
    owners.answer(
        ctx,
        customerId,
        partition ->
            state.budget(
                owners.runningStreams(),
                partition,
                customerId,
                tenant,
                channel,
                category,
                tags,
                System.currentTimeMillis(),
                selfName()));
  }

  private void held(Context ctx) {
    String customerId = customerId(ctx);
    owners.answer(
        ctx,
        customerId,
        partition -> state.held(owners.runningStreams(), partition, customerId, selfName()));
  }

  private void getPreferences(Context ctx) {
    String customerId = customerId(ctx);
    owners.answer(
        ctx,
        customerId,
        partition -> state.preferences(owners.runningStreams(), partition, customerId));
  }

  private void putPreferences(Context ctx) throws IOException {
    String customerId = customerId(ctx);
    CustomerPreferences prefs = PolicyJson.readPreferences(ctx.bodyAsBytes());
    requireSameAsPath("customerId", customerId, prefs.customerId());
    RecordMetadata written = written(() -> publisher.publish(prefs));
    ctx.status(202)
        .json(
            published(
                written,
                "customerId",
                customerId,
                json.readTree(PolicyJson.writePreferences(prefs))));
  }

  /**
   * A document PUT to a resource must name the resource the path names: a 400 naming the field
   * otherwise.
   */
  private static void requireSameAsPath(String field, String inPath, String inBody) {
    if (!inPath.equals(inBody)) {
      throw ApiError.badRequest(
          "the body's " + field + " must be the one in the path",
          List.of(new Violation(field, "must be '" + inPath + "', was '" + inBody + "'")));
    }
  }

  private void erase(Context ctx) {
    String customerId = customerId(ctx);
    RecordMetadata written = written(() -> publisher.erase(customerId));
    ctx.status(202).json(published(written, "customerId", customerId, null));
  }

  // --- policies ---

  private void getPolicy(Context ctx) {
    String tenant = tenant(ctx);
    Policy policy = state.policy(owners.runningStreams(), tenant);
    if (policy == null) {
      throw ApiError.notFound("no policy published for tenant '" + tenant + "'");
    }
    ctx.contentType("application/json").result(PolicyJson.writePolicy(policy));
  }

  private void putPolicy(Context ctx) throws IOException {
    String tenant = tenant(ctx);
    Policy policy = PolicyJson.readPolicy(ctx.bodyAsBytes());
    requireSameAsPath("tenant", tenant, policy.tenant());
    RecordMetadata written = written(() -> publisher.publish(policy));
    ctx.status(202)
        .json(published(written, "tenant", tenant, json.readTree(PolicyJson.writePolicy(policy))));
  }

  /**
   * A write the cluster did not acknowledge (broker down, max.block.ms passed) is worth retrying:
   * 503, not 500.
   */
  private static RecordMetadata written(java.util.function.Supplier<RecordMetadata> write) {
    try {
      return write.get();
    } catch (IllegalStateException e) {
      throw ApiError.unavailable(e.getMessage());
    }
  }

  private static Map<String, Object> published(
      RecordMetadata written, String idName, String id, Object document) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(idName, id);
    body.put("topic", written.topic());
    body.put("partition", written.partition());
    body.put("offset", written.offset());
    if (document != null) {
      body.put("document", document);
    }
    return body;
  }

  // --- parameters ---

  private static String customerId(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.isBlank() || id.length() > 256) {
      throw ApiError.badParameter("id", "must be a customerId of 1..256 characters");
    }
    return id;
  }

  private static String tenant(Context ctx) {
    String tenant = ctx.pathParam("tenant");
    if (tenant.isBlank() || tenant.length() > 256) {
      throw ApiError.badParameter(
          "tenant", "must be a tenant id of 1..256 characters ('default' for the platform)");
    }
    return tenant;
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw ApiError.badParameter(name, "must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badParameter(name, "must be an integer, was '" + v + "'");
    }
  }

  private static long longParam(Context ctx, String name, long fallback) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiError.badParameter(name, "must be an integer, was '" + v + "'");
    }
  }

  private String selfName() {
    HostInfo self = owners.self();
    return self == null ? null : self.host() + ":" + self.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
