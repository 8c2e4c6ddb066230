package dev.fatigueguard.app;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.topology.GuardSerdes;
import dev.fatigueguard.topology.GuardTopology;
import dev.fatigueguard.topology.TopicPlan;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running guard instance: topology, Kafka Streams client and their lifecycle. */
public final class GuardApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GuardApplication.class);

  private final GuardConfig config;
  private final Topology topology;
  private final KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);

  public GuardApplication(GuardConfig config) {
    this.config = config;
    this.topology = GuardTopology.build(config, new GuardSerdes(config.serdeConfig()));
    this.streams = new KafkaStreams(topology, config.streamsProperties());
    // A failing thread is replaced rather than taking the instance down; its tasks restart from the
    // last committed transaction, so nothing is lost or emitted twice.
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((newState, oldState) -> {
      LOG.info("guard state {} -> {}", oldState, newState);
      if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
        stopped.countDown();
      }
    });
  }

  /** Fails with a clear message when topics are missing or not co-partitioned. */
  public void checkTopics() {
    Properties adminProps = new Properties();
    config.streamsProperties().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k.toString())) {
        adminProps.put(k, v);
      }
    });
    try (Admin admin = Admin.create(adminProps)) {
      List<String> problems = new TopicPlan(config).problems(admin);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("the guard's topics are not ready:\n  " + String.join("\n  ", problems)
            + "\n(create them, e.g. with `fatigue-guard topics --config FILE --create`)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot check topics: " + e.getCause().getMessage(), e.getCause());
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

  public Topology topology() {
    return topology;
  }

  public GuardConfig config() {
    return config;
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
    stopped.countDown();
  }
}
