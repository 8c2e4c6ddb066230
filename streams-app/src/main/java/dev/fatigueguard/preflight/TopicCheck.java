package dev.fatigueguard.preflight;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.topology.TopicPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Every topic the guard reads or writes exists with the cleanup policy it needs, and the input and
 * preferences topics have the same number of partitions: the guard keeps a customer's messages and
 * preferences in the same task's stores, which only works when partition {@code n} of both topics
 * holds the same customers.
 */
final class TopicCheck {

  private TopicCheck() {}

  static List<CheckResult> check(ClusterConnection cluster, GuardConfig config) {
    TopicPlan plan = new TopicPlan(config);
    List<String> names = plan.topics().stream().map(TopicPlan.Topic::name).toList();
    int ms = cluster.timeout().millis();
    Map<String, KafkaFuture<TopicDescription>> futures =
        cluster
            .admin()
            .describeTopics(names, new DescribeTopicsOptions().timeoutMs(ms))
            .topicNameValues();
    Map<String, TopicDescription> found = new HashMap<>();
    List<CheckResult> results = new ArrayList<>();
    Map<String, CheckResult> problems = new HashMap<>();
    for (TopicPlan.Topic topic : plan.topics()) {
      try {
        found.put(topic.name(), futures.get(topic.name()).get(ms + 1_000L, TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        problems.put(topic.name(), problem(topic, e.getCause()));
      } catch (TimeoutException e) {
        problems.put(topic.name(), problem(topic, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while describing topics", e);
      }
    }
    Map<String, String> policies = cleanupPolicies(cluster, found.keySet(), ms);
    for (TopicPlan.Topic topic : plan.topics()) {
      CheckResult problem = problems.get(topic.name());
      if (problem != null) {
        results.add(problem);
        continue;
      }
      int partitions = found.get(topic.name()).partitions().size();
      String expected =
          topic.compacted()
              ? TopicConfig.CLEANUP_POLICY_COMPACT
              : TopicConfig.CLEANUP_POLICY_DELETE;
      String actual = policies.getOrDefault(topic.name(), "unknown");
      String check = "topic " + topic.name();
      String seen =
          partitions
              + (partitions == 1 ? " partition" : " partitions")
              + ", cleanup.policy="
              + actual;
      if (expected.equals(actual.replace(" ", ""))) {
        results.add(CheckResult.pass(check, seen + " (" + topic.purpose() + ")"));
      } else {
        results.add(
            CheckResult.fail(
                check,
                seen
                    + ", but "
                    + topic.purpose()
                    + " need cleanup.policy="
                    + expected
                    + (topic.compacted()
                        ? " (the guard rebuilds them from this topic; deletion would forget them)"
                        : " (compaction would keep only the last record per customer)"),
                "kafka-configs.sh --bootstrap-server "
                    + cluster.bootstrapServers()
                    + " --alter --entity-type topics --entity-name "
                    + topic.name()
                    + " --add-config cleanup.policy="
                    + expected));
      }
    }
    results.add(coPartitioning(config, found));
    return results;
  }

  private static CheckResult coPartitioning(
      GuardConfig config, Map<String, TopicDescription> found) {
    String input = config.topic(GuardSetting.TOPIC_INPUT);
    String preferences = config.topic(GuardSetting.TOPIC_PREFERENCES);
    String check = "co-partitioning";
    if (!found.containsKey(input) || !found.containsKey(preferences)) {
      return CheckResult.note(check, "not checked: " + input + " or " + preferences + " missing");
    }
    int in = found.get(input).partitions().size();
    int prefs = found.get(preferences).partitions().size();
    if (in == prefs) {
      return CheckResult.pass(
          check, input + " and " + preferences + " both have " + in + " partitions");
    }
    return CheckResult.fail(
        check,
        input
            + " has "
            + in
            + " partitions, "
            + preferences
            + " has "
            + prefs
            + ": they must be equal, as the guard keeps a customer's messages and preferences in"
            + " the same partition's stores",
        "recreate "
            + preferences
            + " with "
            + in
            + " partitions and publish the preferences again (partitions can be added to a topic"
            + " but that moves existing keys)");
  }

  private static CheckResult problem(TopicPlan.Topic topic, Throwable cause) {
    String check = "topic " + topic.name();
    if (cause instanceof UnknownTopicOrPartitionException) {
      return CheckResult.fail(
          check,
          "does not exist (" + topic.purpose() + ")",
          "fatigue-guard topics --config FILE --create, or create it with cleanup.policy="
              + (topic.compacted() ? "compact" : "delete"));
    }
    if (cause instanceof TopicAuthorizationException) {
      return CheckResult.fail(
          check,
          "this principal may not describe it (" + topic.purpose() + ")",
          "grant Describe on topic " + topic.name() + " (Read or Write imply it)");
    }
    return CheckResult.fail(
        check, "cannot describe it: " + ClusterConnection.rootMessage(cause), "see the message");
  }

  /** The topics' cleanup.policy; topics whose configs cannot be read are left out. */
  private static Map<String, String> cleanupPolicies(
      ClusterConnection cluster, java.util.Set<String> topics, int ms) {
    Map<String, String> policies = new HashMap<>();
    if (topics.isEmpty()) {
      return policies;
    }
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, KafkaFuture<Config>> futures =
        cluster
            .admin()
            .describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(ms))
            .values();
    futures.forEach(
        (resource, future) -> {
          try {
            ConfigEntry entry =
                future
                    .get(ms + 1_000L, TimeUnit.MILLISECONDS)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (entry != null && entry.value() != null) {
              policies.put(resource.name(), entry.value());
            }
          } catch (ExecutionException | TimeoutException e) {
            policies.put(resource.name(), "unknown (" + ClusterConnection.rootMessage(e) + ")");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic configs", e);
          }
        });
    return policies;
  }
}
