package dev.fatigueguard.app;

import dev.fatigueguard.api.ApiServer;
import dev.fatigueguard.config.ByteSize;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.management.ManagementServer;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.state.BoundedMemoryRocksDbConfig;
import dev.fatigueguard.state.RocksDbMemoryBudget;
import dev.fatigueguard.topology.DeadLetterPublisher;
import dev.fatigueguard.topology.GuardSerdes;
import dev.fatigueguard.topology.GuardTopology;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
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
  private final ManagementServer management;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final GroupMembership membership;
  private final RocksDbMemoryBudget rocksDbMemory;
  private final StartupReport startupReport = new StartupReport();
  private final StartupTimeline timeline;

  public GuardApplication(GuardConfig config) {
    this(config, System.getenv());
  }

  /**
   * @param environment where the host name for the default static member id comes from
   */
  public GuardApplication(GuardConfig config, java.util.Map<String, String> environment) {
    this(config, environment, StartupTimeline.none());
  }

  /**
   * @param environment where the host name for the default static member id comes from
   * @param timeline where the start, the first RUNNING and the first decision are recorded
   */
  public GuardApplication(
      GuardConfig config, java.util.Map<String, String> environment, StartupTimeline timeline) {
    if (FormatLocale.preferUsOverBareEnglish()) {
      LOG.debug(
          "default format locale en -> en-US (identical output, cheaper String.format in Kafka Streams)");
    }
    this.config = config;
    this.timeline = timeline;
    // The decision counters are registered on a tag combination's first decision, so the first
    // registration in the process is its first decision.
    registry
        .config()
        .onMeterAdded(
            meter -> {
              if (meter.getId().getName().equals(GuardMetrics.DECISIONS)) {
                timeline.reached(StartupTimeline.DECIDED);
              }
            });
    LogFields.applicationId(config.applicationId());
    GuardSerdes serdes = new GuardSerdes(config.serdeConfig());
    GuardMetrics metrics = new GuardMetrics(registry);
    this.publisher = new RecordPublisher(config);
    this.refusedPolicies = new DeadLetterPublisher(config);
    this.api = new ApiServer(config, serdes, metrics, registry, publisher);
    this.management = new ManagementServer(config, registry);
    this.membership = GroupMembership.of(config, environment);
    String memory = config.get(GuardSetting.ROCKSDB_MEMORY);
    // Null when unbounded: no shared cache, and Kafka Streams' per-store defaults apply.
    this.rocksDbMemory =
        ByteSize.isUnbounded(memory) ? null : RocksDbMemoryBudget.open(ByteSize.parse(memory));
    try {
      int port = api.start();
      management.start();
      Properties streamsProperties = membership.applyTo(config.streamsProperties());
      if (rocksDbMemory != null) {
        streamsProperties.put(RocksDbMemoryBudget.CONFIG_KEY, rocksDbMemory.id());
        streamsProperties.putIfAbsent(
            StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
      }
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
      management.attach(streams);
      LOG.info(
          "HTTP API on port {} (application.server={}), metrics and probes on port {}",
          port,
          server,
          management.port());
    } catch (RuntimeException e) {
      api.close();
      management.close();
      publisher.close();
      refusedPolicies.close();
      if (rocksDbMemory != null) {
        rocksDbMemory.close();
      }
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
          startupReport.onStateChange(newState, oldState);
          if (newState == KafkaStreams.State.RUNNING) {
            timeline.reached(StartupTimeline.RUNNING);
          }
          if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
    streams.setGlobalStateRestoreListener(startupReport);
  }

  /**
   * Starts loading RocksDB's native library on a daemon thread and returns at once: the stores need
   * it whatever the preflight checks say, and the checks mostly wait on the network meanwhile.
   */
  public static void loadNativeLibraryInBackground() {
    Thread thread =
        new Thread(RocksDbMemoryBudget::loadNativeLibrary, "fatigue-guard-load-rocksdb");
    thread.setDaemon(true);
    thread.start();
  }

  public void start() {
    LOG.info("starting fatigue-guard {} with {}", config.applicationId(), config.describe());
    LOG.info("topology:\n{}", topology.describe());
    LOG.info(
        "group membership: {}; RocksDB memory: {}",
        membership.describe(),
        rocksDbMemory == null
            ? "unbounded (each store has Kafka Streams' own cache and memtables)"
            : "a budget of " + (rocksDbMemory.bytes() >> 20) + " MiB for all stores");
    startupReport.started();
    timeline.reached(StartupTimeline.START);
    streams.start();
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** The port the HTTP API listens on. */
  public int httpPort() {
    return api.port();
  }

  /** The port of the management listener (metrics and probes). */
  public int managementPort() {
    return management.port();
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
    if (streams.close(membership.closeOptions(timeout))) {
      if (rocksDbMemory != null) {
        rocksDbMemory.close();
      }
    } else {
      // Stores may still be open and using the shared cache; the process is about to end anyway.
      LOG.warn(
          "Kafka Streams did not close within {}; RocksDB memory left to the process", timeout);
    }
    streamsMetrics.close();
    api.close();
    management.close();
    publisher.close();
    refusedPolicies.close();
    stopped.countDown();
  }
}
