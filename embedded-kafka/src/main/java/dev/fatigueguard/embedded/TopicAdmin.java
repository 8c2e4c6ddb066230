package dev.fatigueguard.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Topic creation through {@link Admin}, shared by both backends. One lazily created admin client
 * per cluster, closed with it.
 */
final class TopicAdmin implements AutoCloseable {

  private static final AtomicLong UNIQUE_IDS = new AtomicLong();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<String> bootstrapServers;
  private Admin admin;
  private boolean closed;

  TopicAdmin(Supplier<String> bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  static long nextUniqueId() {
    return UNIQUE_IDS.incrementAndGet();
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("the Kafka cluster is closed");
    }
    if (admin == null) {
      Map<String, Object> config = new HashMap<>();
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get());
      config.put(AdminClientConfig.CLIENT_ID_CONFIG, "fatigue-guard-embedded-admin");
      admin = Admin.create(config);
    }
    return admin;
  }

  void createTopics(Collection<TopicSpec> topics) {
    if (topics.isEmpty()) {
      return;
    }
    List<NewTopic> newTopics =
        topics.stream()
            .map(
                t ->
                    new NewTopic(t.name(), Optional.of(t.partitions()), Optional.of((short) 1))
                        .configs(t.config()))
            .toList();
    Admin admin = admin();
    get(admin.createTopics(newTopics).all(), "create topics " + names(topics));
    awaitLeaders(admin, topics);
  }

  /**
   * Creation is committed by the controller before the broker's metadata has it: wait for leaders.
   */
  private static void awaitLeaders(Admin admin, Collection<TopicSpec> topics) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> names = names(topics);
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin
                .describeTopics(names)
                .allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        boolean ready =
            topics.stream()
                .allMatch(
                    t -> {
                      TopicDescription d = described.get(t.name());
                      return d != null
                          && d.partitions().size() == t.partitions()
                          && d.partitions().stream()
                              .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                    });
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw new KafkaException("describe topics " + names + " failed", e.getCause());
        }
      } catch (TimeoutException e) {
        // fall through to the deadline check
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while waiting for topics " + names, e);
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaException(
            "topics " + names + " have no leader after " + TIMEOUT.toSeconds() + " s");
      }
      sleep(20);
    }
  }

  private static <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException(what + " timed out after " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException(what + " interrupted", e);
    }
  }

  private static List<String> names(Collection<TopicSpec> topics) {
    return topics.stream().map(TopicSpec::name).toList();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }
}
