package dev.fatigueguard.bench.e2e;

import dev.fatigueguard.embedded.EmbeddedKafkaBroker;
import dev.fatigueguard.embedded.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The broker a benchmark runs against: an embedded KRaft broker in this JVM, or an external
 * cluster.
 */
public final class BenchCluster implements AutoCloseable {

  private final EmbeddedKafkaBroker embedded;
  private final String bootstrap;
  private final Admin admin;

  private BenchCluster(EmbeddedKafkaBroker embedded, String bootstrap) {
    this.embedded = embedded;
    this.bootstrap = bootstrap;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    this.admin = Admin.create(p);
  }

  /**
   * {@code bootstrapOrNull == null} starts an embedded broker (and says so, since it shares the
   * CPUs).
   */
  public static BenchCluster open(String bootstrapOrNull) {
    if (bootstrapOrNull != null) {
      return new BenchCluster(null, bootstrapOrNull);
    }
    // The workloads carry up to 30 days of past timestamps: time-based retention would delete input
    // while a run reads it (and make it look faster than it is), so nothing expires on this broker.
    return embedded(Map.of());
  }

  /** An embedded broker with extra broker settings. */
  public static BenchCluster embedded(Map<String, String> brokerSettings) {
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .brokerProperty("log.retention.ms", "-1")
            .brokerProperties(brokerSettings)
            .start();
    System.out.printf(
        "embedded KRaft broker at %s (started in %d ms; shares this JVM and its cores)%n",
        broker.bootstrapServers(), broker.startupTime().toMillis());
    return new BenchCluster(broker, broker.bootstrapServers());
  }

  public String bootstrap() {
    return bootstrap;
  }

  public Admin admin() {
    return admin;
  }

  public void create(List<TopicSpec> topics) throws Exception {
    List<NewTopic> list = new ArrayList<>();
    for (TopicSpec t : topics) {
      // Kept forever for the same reason on an external cluster (see open()).
      Map<String, String> config = new java.util.HashMap<>(t.config());
      config.putIfAbsent("retention.ms", "-1");
      list.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(config));
    }
    for (var created : admin.createTopics(list).values().entrySet()) {
      try {
        created.getValue().get();
      } catch (java.util.concurrent.ExecutionException e) {
        // Names are unique per run, so "exists" can only be the admin client's own retry of a
        // request
        // whose answer came too late (seen while a previous run still loaded the machine).
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    admin.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
