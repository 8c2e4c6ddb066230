package dev.fatigueguard.app;

import dev.fatigueguard.api.ApiServer;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.topology.DeadLetterPublisher;
import dev.fatigueguard.topology.GuardSerdes;
import dev.fatigueguard.topology.GuardTopology;
import dev.fatigueguard.topology.TopicPlan;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running guard instance: topology, Kafka Streams client, HTTP API and metrics, and their
 * lifecycle. The HTTP port is bound first, because Kafka Streams must be told this instance's real
 * address ({@code application.server}) before it joins the group, so other instances can forward
 * customer queries here.
 */
public final class GuardApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GuardApplication.class);

  private final GuardConfig config;
  private final Topology topology;
  private final KafkaStreams streams;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RecordPublisher publisher;
  private final DeadLetterPublisher refusedPolicies;
  private final ApiServer api;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CountDownLatch stopped = new CountDownLatch(1);

  public GuardApplication(GuardConfig config) {
    if (FormatLocale.preferUsOverBareEnglish()) {
      LOG.debug(
          "default format locale en -> en-US (identical output, cheaper String.format in Kafka Streams)");
    }
    this.config = config;
    GuardSerdes serdes = new GuardSerdes(config.serdeConfig());
    GuardMetrics metrics = new GuardMetrics(registry);
    this.publisher = new RecordPublisher(config);
    this.refusedPolicies = new DeadLetterPublisher(config);
    this.api = new ApiServer(config, serdes, metrics, registry, publisher);
    try {
      int port = api.start();
      Properties streamsProperties = config.streamsProperties();
      String server = streamsProperties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
      if (server == null || server.isBlank()) {
        server = config.get(GuardSetting.HTTP_ADVERTISED_HOST) + ":" + port;
        streamsProperties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
      }
      this.topology = GuardTopology.build(config, serdes, metrics, server, refusedPolicies);
      this.streams = new KafkaStreams(topology, streamsProperties);
      this.streamsMetrics = new KafkaStreamsMetrics(streams);
      streamsMetrics.bindTo(registry);
      api.attach(streams, HostInfo.buildFromEndpoint(server));
      LOG.info("HTTP API on port {} (application.server={})", port, server);
    } catch (RuntimeException e) {
      api.close();
      publisher.close();
      refusedPolicies.close();
      throw e;
    }
    // A failing thread is replaced rather than taking the instance down; its tasks restart from the
    // last committed transaction, so nothing is lost or emitted twice.
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (newState, oldState) -> {
          LOG.info("guard state {} -> {}", oldState, newState);
          if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
  }

  /** Fails with a clear message when topics are missing or not co-partitioned. */
  public void checkTopics() {
    try (Admin admin = Admin.create(ClientProperties.admin(config.streamsProperties()))) {
      List<String> problems = new TopicPlan(config).problems(admin);
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "the guard's topics are not ready:\n  "
                + String.join("\n  ", problems)
                + "\n(create them, e.g. with `fatigue-guard topics --config FILE --create`)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "cannot check topics: " + e.getCause().getMessage(), e.getCause());
    }
  }

  public void start() {
    LOG.info("starting fatigue-guard {} with {}", config.applicationId(), config.describe());
    LOG.info("topology:\n{}", topology.describe());
    streams.start();
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** The port the HTTP API listens on. */
  public int httpPort() {
    return api.port();
  }

  /** Blocks until the Streams client stops (after close, or a fatal error). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  public void close(Duration timeout) {
    // close() finishes the open transaction and flushes stores, so a SIGTERM loses nothing.
    streams.close(timeout);
    streamsMetrics.close();
    api.close();
    publisher.close();
    refusedPolicies.close();
    stopped.countDown();
  }
}
