package dev.fatigueguard.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, {@code process.roles=broker,controller}) running in this
 * JVM from the Maven Central jars, on a fresh temporary log directory that {@link #close()}
 * deletes.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *     kafka.createTopics(TopicSpec.of("orders", 3), TopicSpec.compacted("prefs", 3));
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Configured for {@code exactly_once_v2} on one broker (internal topics with replication factor
 * 1 and one partition, no initial rebalance delay). Ports are free ones on 127.0.0.1 unless {@link
 * Builder#port(int)} fixes the client port. The broker's loggers are kept at WARN when the
 * consumer's logback config leaves them unset (see {@code fatigue.kafka.log.level}).
 *
 * <p>Cold start (first broker in a JVM) takes about 3 s; later ones well under 1 s. Not for
 * production: it is a test and demo fixture.
 */
public final class EmbeddedKafkaBroker implements KafkaEndpoint, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";

  /** Node ids unique within the JVM, so several brokers don't clash on JMX names. */
  private static final AtomicInteger NODE_IDS = new AtomicInteger();

  private static final int START_ATTEMPTS = 3;

  /**
   * Set by this class from the chosen ports and directory, or in conflict with what it sets; not
   * overridable.
   */
  static final Set<String> MANAGED_PROPERTIES =
      Set.of(
          "process.roles",
          "node.id",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "listeners",
          "advertised.listeners",
          "listener.security.protocol.map",
          "controller.listener.names",
          "inter.broker.listener.name",
          "log.dirs",
          "log.dir",
          "metadata.log.dir");

  private final Path directory;
  private final int port;
  private final int controllerPort;
  private final Duration startupTime;
  private final TopicAdmin topicAdmin;
  private final Thread shutdownHook;
  private final Properties properties;
  private KafkaRaftServer server;
  private boolean closed;

  private EmbeddedKafkaBroker(
      Path directory,
      int port,
      int controllerPort,
      KafkaRaftServer server,
      Duration startupTime,
      Properties properties) {
    this.directory = directory;
    this.properties = properties;
    this.port = port;
    this.controllerPort = controllerPort;
    this.server = server;
    this.startupTime = startupTime;
    this.topicAdmin = new TopicAdmin(this::bootstrapServers);
    this.shutdownHook = new Thread(this::close, "embedded-kafka-shutdown-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a broker with the defaults: free ports, WARN broker logs. */
  public static EmbeddedKafkaBroker start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults this class applies before {@link Builder#brokerProperty overrides}. */
  static Map<String, String> defaultBrokerProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    // exactly_once_v2 and consumer groups on one broker
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("num.partitions", "1");
    // the log cleaner's dedupe buffer defaults to 128 MiB of heap: compaction works with far less
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    // a test fixture on a 2-core machine: fewer threads
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("num.replica.fetchers", "1");
    return p;
  }

  /** {@code 127.0.0.1:<port>}. */
  @Override
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The client (PLAINTEXT) port. */
  public int port() {
    return port;
  }

  /** The KRaft controller listener's port (clients never need it). */
  public int controllerPort() {
    return controllerPort;
  }

  /**
   * Time from the start of the successful start attempt (formatting included) until the broker
   * accepted clients.
   */
  public Duration startupTime() {
    return startupTime;
  }

  /** The temporary directory holding the config and the log dir; deleted by {@link #close()}. */
  public Path directory() {
    return directory;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  @Override
  public void createTopics(Collection<TopicSpec> topics) {
    if (!isRunning()) {
      throw new IllegalStateException("broker " + bootstrapServers() + " is closed");
    }
    topicAdmin.createTopics(topics);
  }

  /**
   * Stops the broker as a clean shutdown does, keeping its log directory and ports, so that {@link
   * #restart()} brings the same broker back with every topic, offset and transaction state.
   */
  public void stop() {
    KafkaRaftServer toStop;
    synchronized (this) {
      toStop = server;
      server = null;
    }
    if (toStop != null) {
      long started = System.nanoTime();
      toStop.shutdown();
      toStop.awaitShutdown();
      LOG.info(
          "Kafka broker {} stopped (log dir kept) in {} ms",
          bootstrapServers(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Starts a stopped broker again on the same ports and log directory; stops it first if it is
   * running. Clients connected before reconnect by themselves.
   */
  public void restart() {
    stop();
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("broker " + bootstrapServers() + " is closed");
      }
      long started = System.nanoTime();
      KafkaRaftServer again =
          new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
      again.startup();
      server = again;
      LOG.info(
          "Kafka broker {} restarted in {} ms",
          bootstrapServers(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** Stops the broker and deletes its directory. Idempotent. */
  @Override
  public void close() {
    KafkaRaftServer toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = server;
      server = null;
    }
    long started = System.nanoTime();
    try {
      topicAdmin.close();
      if (toStop != null) {
        toStop.shutdown();
        toStop.awaitShutdown();
      }
    } finally {
      BrokerDirectory.delete(directory);
      if (Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
          // the hook runs (or ran) anyway; close() is idempotent
        }
      }
    }
    LOG.info(
        "Kafka broker {} stopped in {} ms",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker["
        + bootstrapServers()
        + (closed ? ", closed" : isRunning() ? "" : ", stopped")
        + "]";
  }

  /** Options for a broker. */
  public static final class Builder {
    private int port;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private String brokerLogLevel = BrokerLogging.defaultLevel();

    private Builder() {}

    /** A fixed client port, e.g. 9092 for the demo; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets or overrides one broker property, e.g. {@code auto.create.topics.enable=false}.
     * Listener, node id, role and directory properties are managed by this class and rejected.
     */
    public Builder brokerProperty(String key, String value) {
      if (MANAGED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException(
            key + " is set by EmbeddedKafkaBroker and cannot be overridden");
      }
      overrides.put(key, value);
      return this;
    }

    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    /**
     * Level for the broker's loggers where the consumer's logback config leaves them unset. Default
     * {@code WARN}, or the {@code fatigue.kafka.log.level} system property.
     */
    public Builder brokerLogLevel(String level) {
      this.brokerLogLevel = level;
      return this;
    }

    /** Formats a fresh log dir, starts the broker and returns once it accepts clients. */
    public EmbeddedKafkaBroker start() {
      BrokerLogging.quietBroker(brokerLogLevel);
      RuntimeException last = null;
      // Free ports are probed then released, so another process may grab one in between:
      // retry with fresh ports. A fixed port that is taken fails the same way each time.
      if (port != 0) {
        LoopbackPorts.requireFree(HOST, port);
      }
      int attempts = port == 0 ? START_ATTEMPTS : 1;
      for (int attempt = 1; attempt <= attempts; attempt++) {
        try {
          return startOnce();
        } catch (RuntimeException e) {
          last = e;
          if (attempt < attempts) {
            LOG.warn(
                "Kafka broker start attempt {}/{} failed, retrying on other ports: {}",
                attempt,
                attempts,
                e.toString());
          }
        }
      }
      throw last;
    }

    private EmbeddedKafkaBroker startOnce() {
      long started = System.nanoTime();
      int nodeId = NODE_IDS.incrementAndGet();
      int clientPort = port != 0 ? port : LoopbackPorts.free(HOST, -1);
      int controllerPort = LoopbackPorts.free(HOST, clientPort);
      Path directory = BrokerDirectory.create();
      KafkaRaftServer server = null;
      try {
        Path logDir = Files.createDirectory(directory.resolve("data"));
        Properties props = new Properties();
        props.putAll(defaultBrokerProperties());
        props.putAll(overrides);
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(nodeId));
        props.put("controller.quorum.voters", nodeId + "@" + HOST + ":" + controllerPort);
        props.put(
            "listeners",
            "PLAINTEXT://"
                + HOST
                + ":"
                + clientPort
                + ",CONTROLLER://"
                + HOST
                + ":"
                + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());

        Path configFile = directory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
          props.store(out, "fatigue-guard embedded Kafka broker");
        }
        BrokerDirectory.format(configFile);

        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        // Returns once the broker has caught up with the metadata log and is unfenced.
        server.startup();
        Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
        EmbeddedKafkaBroker broker =
            new EmbeddedKafkaBroker(
                directory, clientPort, controllerPort, server, startupTime, props);
        LOG.info(
            "Kafka broker {} (node {}) started in {} ms",
            broker.bootstrapServers(),
            nodeId,
            startupTime.toMillis());
        return broker;
      } catch (IOException e) {
        stopQuietly(server);
        BrokerDirectory.delete(directory);
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        stopQuietly(server);
        BrokerDirectory.delete(directory);
        throw new IllegalStateException(
            "Kafka broker on " + HOST + ":" + clientPort + " failed to start: " + e.getMessage(),
            e);
      }
    }
  }

  private static void stopQuietly(KafkaRaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.debug("stopping a broker that failed to start", e);
    }
  }
}
