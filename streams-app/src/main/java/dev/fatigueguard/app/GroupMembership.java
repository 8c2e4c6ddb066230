package dev.fatigueguard.app;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How this instance belongs to the application's consumer group.
 *
 * <p>Static (the default): the instance has a stable {@code group.instance.id}, does not leave the
 * group when it closes, and a restart that rejoins within {@code session.timeout.ms} is handed its
 * previous tasks without a rebalance, so a rolling restart moves nothing. Dynamic ({@code
 * guard.instance.id=none}): the instance leaves the group when it closes, so its partitions move at
 * once instead of after the session timeout.
 *
 * <p>{@code auto} derives the id from the host name (in a StatefulSet, the pod name, which survives
 * the pod) and the state directory, which is what the tasks' local state belongs to. Two instances
 * on one host therefore differ, and two guards with the same id cannot run at once anyway: the
 * state directory is locked.
 */
record GroupMembership(Optional<String> instanceId) {

  static final String AUTO = "auto";
  static final String NONE = "none";

  static GroupMembership of(GuardConfig config, Map<String, String> environment) {
    Properties streams = config.streamsProperties();
    String explicit = streams.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    if (explicit != null && !explicit.isBlank()) {
      return new GroupMembership(Optional.of(explicit.trim()));
    }
    String setting = config.get(GuardSetting.INSTANCE_ID);
    if (setting.equalsIgnoreCase(NONE)) {
      return new GroupMembership(Optional.empty());
    }
    if (!setting.equalsIgnoreCase(AUTO)) {
      return new GroupMembership(Optional.of(setting));
    }
    String stateDir =
        streams.getProperty(
            StreamsConfig.STATE_DIR_CONFIG,
            System.getProperty("java.io.tmpdir") + "/kafka-streams");
    String owner = Path.of(stateDir).toAbsolutePath().normalize() + "/" + config.applicationId();
    return new GroupMembership(Optional.of(hostName(environment) + "-" + shortHash(owner)));
  }

  boolean isStatic() {
    return instanceId.isPresent();
  }

  /** The Streams settings with this membership applied. */
  Properties applyTo(Properties streams) {
    instanceId.ifPresent(id -> streams.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    return streams;
  }

  /**
   * A static member stays in the group so its restart gets its tasks back; a dynamic one leaves so
   * the others take its partitions now rather than after the session timeout.
   */
  CloseOptions closeOptions(java.time.Duration timeout) {
    return CloseOptions.timeout(timeout)
        .withGroupMembershipOperation(
            isStatic()
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
  }

  String describe() {
    return instanceId
        .map(id -> "static member " + id + " (a restart within session.timeout.ms keeps its tasks)")
        .orElse("dynamic member (leaves the group on close)");
  }

  private static String hostName(Map<String, String> environment) {
    String fromEnvironment = environment.get("HOSTNAME");
    if (fromEnvironment != null && fromEnvironment.matches("[A-Za-z0-9._-]{1,100}")) {
      return fromEnvironment;
    }
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name.replaceAll("[^A-Za-z0-9._-]", "-");
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
