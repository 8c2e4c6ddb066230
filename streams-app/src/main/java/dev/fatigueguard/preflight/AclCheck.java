package dev.fatigueguard.preflight;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What this client's principal may do, asked the way Kafka lets a principal ask about itself: the
 * operations the broker reports as authorized on each topic, the consumer group and the cluster,
 * and whether transactional ids under the application id may be described. On a cluster without an
 * authorizer there is nothing to check, and the result says so.
 */
final class AclCheck {

  private AclCheck() {}

  static List<CheckResult> check(
      ClusterConnection cluster, ClusterConnection.Description description, GuardConfig config) {
    int ms = cluster.timeout().millis();
    if (!authorizerPresent(cluster, ms)) {
      return List.of(CheckResult.note("ACLs", "no authorizer: ACLs not enforced"));
    }
    List<CheckResult> results = new ArrayList<>();
    results.add(topics(cluster, config, ms));
    results.add(group(cluster, config, ms));
    if (!StreamsConfig.AT_LEAST_ONCE.equals(
        config.streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
      results.add(transactionalIds(cluster, config, ms));
    }
    results.add(internalTopics(description, config));
    return results;
  }

  /** describeAcls answers SecurityDisabledException exactly when the broker has no authorizer. */
  private static boolean authorizerPresent(ClusterConnection cluster, int ms) {
    try {
      cluster
          .admin()
          .describeAcls(AclBindingFilter.ANY, new DescribeAclsOptions().timeoutMs(ms))
          .values()
          .get(ms + 1_000L, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      return !(e.getCause() instanceof SecurityDisabledException);
    } catch (TimeoutException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing ACLs", e);
    }
  }

  private static Map<String, Set<AclOperation>> needs(GuardConfig config) {
    Map<String, Set<AclOperation>> needs = new LinkedHashMap<>();
    needs.put(config.topic(GuardSetting.TOPIC_INPUT), EnumSet.of(AclOperation.READ));
    // The HTTP API and the publish commands write preferences and policies; the guard reads them.
    needs.put(
        config.topic(GuardSetting.TOPIC_PREFERENCES),
        EnumSet.of(AclOperation.READ, AclOperation.WRITE));
    needs.put(
        config.topic(GuardSetting.TOPIC_POLICIES),
        EnumSet.of(AclOperation.READ, AclOperation.WRITE));
    for (GuardSetting out :
        List.of(
            GuardSetting.TOPIC_APPROVED,
            GuardSetting.TOPIC_SUPPRESSED,
            GuardSetting.TOPIC_DECISIONS,
            GuardSetting.TOPIC_DLQ,
            GuardSetting.TOPIC_METRICS)) {
      needs.put(config.topic(out), EnumSet.of(AclOperation.WRITE));
    }
    return needs;
  }

  private static CheckResult topics(ClusterConnection cluster, GuardConfig config, int ms) {
    Map<String, Set<AclOperation>> needs = needs(config);
    Map<String, KafkaFuture<TopicDescription>> futures =
        cluster
            .admin()
            .describeTopics(
                needs.keySet(),
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(ms))
            .topicNameValues();
    List<String> missing = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    needs.forEach(
        (topic, operations) -> {
          try {
            Set<AclOperation> granted =
                futures.get(topic).get(ms + 1_000L, TimeUnit.MILLISECONDS).authorizedOperations();
            for (AclOperation op : operations) {
              if (granted != null && !granted.contains(op) && !granted.contains(AclOperation.ALL)) {
                missing.add(op.name() + " on topic " + topic);
              }
            }
          } catch (ExecutionException | TimeoutException e) {
            // A topic this principal cannot describe, or that is missing: the topic check says so.
            unknown.add(topic);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
          }
        });
    if (!missing.isEmpty()) {
      return CheckResult.fail(
          "ACLs topics",
          "this principal lacks " + String.join(", ", missing),
          "kafka-acls.sh --add --allow-principal User:<guard> --operation <op> --topic <topic>"
              + " for each");
    }
    String detail =
        "Read on the input, preferences and policies, Write on preferences, policies and every"
            + " output topic";
    return unknown.isEmpty()
        ? CheckResult.pass("ACLs topics", detail)
        : CheckResult.pass(
            "ACLs topics", detail + " (not known for " + String.join(", ", unknown) + ")");
  }

  private static CheckResult group(ClusterConnection cluster, GuardConfig config, int ms) {
    String group = config.applicationId();
    String check = "ACLs group " + group;
    try {
      ConsumerGroupDescription d =
          cluster
              .admin()
              .describeConsumerGroups(
                  List.of(group),
                  new DescribeConsumerGroupsOptions()
                      .includeAuthorizedOperations(true)
                      .timeoutMs(ms))
              .describedGroups()
              .get(group)
              .get(ms + 1_000L, TimeUnit.MILLISECONDS);
      Set<AclOperation> granted = d.authorizedOperations();
      if (granted != null
          && !granted.contains(AclOperation.READ)
          && !granted.contains(AclOperation.ALL)) {
        return CheckResult.fail(
            check,
            "this principal may describe the group (application.id) but not read it",
            "kafka-acls.sh --add --allow-principal User:<guard> --operation Read --group " + group);
      }
      return CheckResult.pass(check, "Read on the consumer group (application.id)");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        // The broker checks Describe before it looks the group up, so "not found" means allowed.
        return CheckResult.note(
            check,
            "Describe allowed; the group does not exist yet, so Read cannot be verified before the"
                + " guard first joins it");
      }
      if (e.getCause() instanceof GroupAuthorizationException) {
        return CheckResult.fail(
            check,
            "this principal may not use the consumer group (application.id)",
            "kafka-acls.sh --add --allow-principal User:<guard> --operation Read --group " + group);
      }
      return CheckResult.note(check, "not known: " + ClusterConnection.rootMessage(e.getCause()));
    } catch (TimeoutException e) {
      return CheckResult.note(check, "not known: no answer within " + cluster.timeout().text());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the group", e);
    }
  }

  /**
   * Kafka Streams' exactly-once producers use transactional ids starting with the application id. A
   * made-up id under that prefix is described: "not found" means the principal may describe such
   * ids, which Write implies; "not authorized" means it surely may not write them.
   */
  private static CheckResult transactionalIds(
      ClusterConnection cluster, GuardConfig config, int ms) {
    String prefix = config.applicationId() + "-";
    String check = "ACLs transactional ids " + prefix + "*";
    try {
      cluster
          .admin()
          .describeTransactions(
              List.of(prefix + "preflight"), new DescribeTransactionsOptions().timeoutMs(ms))
          .all()
          .get(ms + 1_000L, TimeUnit.MILLISECONDS);
      return CheckResult.pass(check, "Describe allowed (Write cannot be checked without writing)");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TransactionalIdNotFoundException) {
        return CheckResult.pass(
            check, "Describe allowed (Write cannot be checked without writing)");
      }
      if (e.getCause() instanceof TransactionalIdAuthorizationException) {
        return CheckResult.fail(
            check,
            "this principal may not use transactional ids starting with "
                + prefix
                + " (exactly-once needs Write on them)",
            "kafka-acls.sh --add --allow-principal User:<guard> --operation Write"
                + " --transactional-id "
                + prefix
                + " --resource-pattern-type prefixed");
      }
      return CheckResult.note(check, "not known: " + ClusterConnection.rootMessage(e.getCause()));
    } catch (TimeoutException e) {
      return CheckResult.note(check, "not known: no answer within " + cluster.timeout().text());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing transactions", e);
    }
  }

  /** Kafka Streams creates changelog and repartition topics named after the application id. */
  private static CheckResult internalTopics(
      ClusterConnection.Description description, GuardConfig config) {
    String prefix = config.applicationId() + "-";
    String check = "ACLs internal topics " + prefix + "*";
    Set<AclOperation> cluster = description.authorizedOperations();
    if (cluster != null
        && (cluster.contains(AclOperation.CREATE) || cluster.contains(AclOperation.ALL))) {
      return CheckResult.pass(check, "Create on the cluster");
    }
    return CheckResult.note(
        check,
        "no Create on the cluster; Kafka Streams needs Create, Read and Write on topics prefixed "
            + prefix
            + " (a prefixed ACL cannot be checked without creating a topic)");
  }
}
