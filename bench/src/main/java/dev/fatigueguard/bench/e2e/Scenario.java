package dev.fatigueguard.bench.e2e;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One preloaded data set (input, preferences and policy topics with a given partition count) and
 * the settings every run against it shares. Each run gets its own application id and output topics,
 * so runs never see each other's offsets, state or results.
 */
public record Scenario(
    String bootstrap,
    String prefix,
    int partitions,
    int threads,
    long commitIntervalMs,
    String registryScope,
    Map<String, String> extraStreamsSettings) {

  public Scenario(
      String bootstrap,
      String prefix,
      int partitions,
      int threads,
      long commitIntervalMs,
      String registryScope) {
    this(bootstrap, prefix, partitions, threads, commitIntervalMs, registryScope, Map.of());
  }

  public Scenario {
    extraStreamsSettings = Map.copyOf(extraStreamsSettings);
  }

  private static final List<GuardSetting> OUTPUT_TOPICS =
      List.of(
          GuardSetting.TOPIC_APPROVED,
          GuardSetting.TOPIC_SUPPRESSED,
          GuardSetting.TOPIC_DECISIONS,
          GuardSetting.TOPIC_DLQ,
          GuardSetting.TOPIC_METRICS);

  public String input() {
    return prefix + ".outbound-messages";
  }

  public String preferences() {
    return prefix + ".contact-preferences";
  }

  public String policies() {
    return prefix + ".contact-policies";
  }

  public Map<String, Object> serdeConfig() {
    return Map.of(GuardConfig.SCHEMA_REGISTRY_URL, registryUrl());
  }

  /**
   * {@code registryScope} as a registry address: an in-process {@code mock://} registry of that
   * scope, or the address itself when it is one (a registry other processes reach too).
   */
  public String registryUrl() {
    return registryScope.contains("://") ? registryScope : "mock://" + registryScope;
  }

  /** The guard's configuration for one run: shared inputs, outputs named after the run. */
  public GuardConfig guardConfig(String applicationId, String guarantee, Path stateDir) {
    return guardConfig(applicationId, guarantee, stateDir, Map.of());
  }

  /** The same, with guard settings changed (a variant of the guard priced in the same run). */
  public GuardConfig guardConfig(
      String applicationId, String guarantee, Path stateDir, Map<String, String> guardSettings) {
    Map<String, String> s =
        new HashMap<>(commonStreamsSettings(applicationId, guarantee, stateDir));
    s.putAll(guardSettings);
    s.put(GuardConfig.SCHEMA_REGISTRY_URL, registryUrl());
    s.put(GuardSetting.TOPIC_INPUT.key(), input());
    s.put(GuardSetting.TOPIC_PREFERENCES.key(), preferences());
    s.put(GuardSetting.TOPIC_POLICIES.key(), policies());
    // The workloads carry up to 30 days of past timestamps, on purpose: accept them.
    s.put(GuardSetting.MAX_CLOCK_SKEW.key(), "P365D");
    s.put(
        GuardSetting.HTTP_PORT.key(),
        "0"); // several guards may run in one process, one after another
    s.put(GuardSetting.MANAGEMENT_PORT.key(), "0");
    for (GuardSetting topic : OUTPUT_TOPICS) {
      s.put(topic.key(), applicationId + "." + topic.defaultValue());
    }
    return GuardConfig.of(s, Map.of());
  }

  public Properties passThroughProperties(String applicationId, String guarantee, Path stateDir) {
    Properties p = new Properties();
    p.putAll(commonStreamsSettings(applicationId, guarantee, stateDir));
    return p;
  }

  /**
   * Identical for both topologies: guarantee, threads, commit interval, state directory, and any
   * extra Kafka Streams settings given on the command line.
   */
  private Map<String, String> commonStreamsSettings(
      String applicationId, String guarantee, Path stateDir) {
    Map<String, String> settings = new HashMap<>(extraStreamsSettings);
    settings.putAll(
        Map.of(
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            StreamsConfig.APPLICATION_ID_CONFIG,
            applicationId,
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            guarantee,
            StreamsConfig.NUM_STREAM_THREADS_CONFIG,
            String.valueOf(threads),
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
            String.valueOf(commitIntervalMs),
            StreamsConfig.STATE_DIR_CONFIG,
            stateDir.toString(),
            "consumer.auto.offset.reset",
            "earliest"));
    return settings;
  }
}
