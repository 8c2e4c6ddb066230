package dev.fatigueguard.topology;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics the guard reads and writes, as the configuration names them, and how to check or
 * create them.
 */
public final class TopicPlan {

  /** Channels of the OutboundMessage schema, for the optional per-channel approved topics. */
  private static final List<String> CHANNELS =
      java.util.Arrays.stream(Channel.values()).map(Enum::name).toList();

  public record Topic(String name, boolean compacted, boolean coPartitioned, String purpose) {}

  /** How long {@link #createMissing} waits for the created topics to be known to the cluster. */
  static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

  private final List<Topic> topics;

  public TopicPlan(GuardConfig config) {
    List<Topic> t = new ArrayList<>();
    t.add(new Topic(config.topic(GuardSetting.TOPIC_INPUT), false, true, "input from all senders"));
    t.add(
        new Topic(
            config.topic(GuardSetting.TOPIC_PREFERENCES), true, true, "customer preferences"));
    t.add(new Topic(config.topic(GuardSetting.TOPIC_POLICIES), true, false, "platform policies"));
    String approved = config.topic(GuardSetting.TOPIC_APPROVED);
    t.add(new Topic(approved, false, false, "approved messages"));
    if (config.flag(GuardSetting.APPROVED_PER_CHANNEL)) {
      CHANNELS.forEach(
          c -> t.add(new Topic(approved + "." + c, false, false, "approved " + c + " messages")));
    }
    t.add(new Topic(config.topic(GuardSetting.TOPIC_SUPPRESSED), false, false, "dropped messages"));
    t.add(
        new Topic(config.topic(GuardSetting.TOPIC_DECISIONS), false, false, "decision audit log"));
    t.add(new Topic(config.topic(GuardSetting.TOPIC_DLQ), false, false, "unreadable input"));
    t.add(new Topic(config.topic(GuardSetting.TOPIC_METRICS), false, false, "fatigue metrics"));
    this.topics = List.copyOf(t);
  }

  public List<Topic> topics() {
    return topics;
  }

  /** Creates the topics that do not exist yet; returns their names. */
  public List<String> createMissing(Admin admin, int partitions, short replicationFactor)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing = new ArrayList<>();
    for (Topic topic : topics) {
      if (!existing.contains(topic.name())) {
        int p = topic.coPartitioned() || !topic.compacted() ? partitions : 1;
        NewTopic nt = new NewTopic(topic.name(), p, replicationFactor);
        if (topic.compacted()) {
          nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        missing.add(nt);
      }
    }
    List<String> names = missing.stream().map(NewTopic::name).toList();
    if (!missing.isEmpty()) {
      admin.createTopics(missing).all().get();
      awaitVisible(admin, names);
    }
    return names;
  }

  /**
   * CreateTopics answers once the controller has created the topics, but the broker that answers
   * the next request may not have heard of them yet: a check or a producer right after would find
   * them missing. Waits until every one is described with a leader for each partition, or gives up
   * after {@link #VISIBLE_WITHIN} and leaves it to whatever comes next to say what is missing.
   */
  private static void awaitVisible(Admin admin, List<String> names)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        if (described.values().stream()
            .flatMap(topic -> topic.partitions().stream())
            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
  }
}
