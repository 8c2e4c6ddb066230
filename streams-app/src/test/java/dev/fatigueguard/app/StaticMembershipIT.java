package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import dev.fatigueguard.topology.TopicPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mechanism behind restarts and fail-overs in seconds: each instance joins as a static member
 * (its group.instance.id derived from host and state directory), every active task has a standby on
 * the other instance, and an instance restarted on the same state directory comes back as the same
 * member with the same active tasks.
 */
@WithKafka
class StaticMembershipIT {

  private static final int PARTITIONS = 4;

  @Test
  void aRestartedInstanceRejoinsAsTheSameStaticMemberWithItsTasksAndStandbysExist(
      KafkaEndpoint kafka, @TempDir Path tmp) throws Exception {
    GuardConfig base =
        GuardExactlyOnceIT.config(kafka, KafkaEndpoint.uniqueName("static"), tmp.resolve("a"))
            .with(Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
    GuardConfig configB =
        base.with(
            Map.of(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(tmp.resolve("b")).toString()));
    try (Admin admin = Admin.create(ClientProperties.admin(base.streamsProperties()))) {
      new TopicPlan(base).createMissing(admin, PARTITIONS, (short) 1);
      TrafficScript.publishRules(base);

      GuardApplication a = new GuardApplication(base);
      GuardApplication restarted = null;
      try (GuardApplication b = new GuardApplication(configB)) {
        a.start();
        b.start();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> !active(a).isEmpty() && !active(b).isEmpty() && split(a, b));
        // One stateful task per partition (the guard's stores), each with a standby elsewhere.
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> standby(a).size() + standby(b).size() == PARTITIONS);
        assertThat(active(b)).containsAll(standby(a));
        assertThat(active(a)).containsAll(standby(b));
        Set<String> members = staticMembers(admin, base.applicationId());
        assertThat(members).hasSize(2).allSatisfy(id -> assertThat(id).isNotBlank());

        Set<TaskId> before = active(a);
        a.close(Duration.ofSeconds(30));
        GuardApplication again = new GuardApplication(base);
        restarted = again;
        again.start();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> split(again, b) && active(again).equals(before));
        assertThat(staticMembers(admin, base.applicationId())).isEqualTo(members);
      } finally {
        a.close(Duration.ofSeconds(30));
        if (restarted != null) {
          restarted.close(Duration.ofSeconds(30));
        }
      }
    }
  }

  private static boolean split(GuardApplication a, GuardApplication b) {
    Set<TaskId> both = new HashSet<>(active(a));
    both.addAll(active(b));
    return !active(a).isEmpty()
        && !active(b).isEmpty()
        && active(a).size() + active(b).size() == both.size();
  }

  private static Set<TaskId> active(GuardApplication app) {
    Set<TaskId> tasks = new HashSet<>();
    for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
      t.activeTasks().forEach(task -> tasks.add(task.taskId()));
    }
    return tasks;
  }

  private static Set<TaskId> standby(GuardApplication app) {
    Set<TaskId> tasks = new HashSet<>();
    for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
      t.standbyTasks().forEach(task -> tasks.add(task.taskId()));
    }
    return tasks;
  }

  private static Set<String> staticMembers(Admin admin, String group) throws Exception {
    Set<String> ids = new HashSet<>();
    for (MemberDescription m :
        admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()) {
      ids.add(m.groupInstanceId().orElse(""));
    }
    return ids;
  }
}
