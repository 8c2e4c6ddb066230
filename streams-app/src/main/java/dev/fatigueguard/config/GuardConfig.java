package dev.fatigueguard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One properties file plus environment overrides. {@code guard.*} keys are ours; every other key is
 * handed to Kafka Streams (and through it to clients and serdes) exactly as written.
 *
 * <p>Environment variables named {@code FATIGUE_GUARD_<KEY>} override the file: the key is
 * lower-cased, {@code __} becomes {@code -} and {@code _} becomes {@code .}, so {@code
 * FATIGUE_GUARD_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers} and {@code
 * FATIGUE_GUARD_GUARD_DEDUP_WINDOW} sets {@code guard.dedup.window}.
 */
public final class GuardConfig {

  public static final String ENV_PREFIX = "FATIGUE_GUARD_";

  /**
   * Variables that configure logging (read by logback.xml), not the guard or Kafka: {@code
   * FATIGUE_GUARD_LOG_FORMAT}, {@code FATIGUE_GUARD_LOG_LEVEL}.
   */
  public static final String LOG_ENV_PREFIX = ENV_PREFIX + "LOG_";

  /**
   * Variables read by the container image's entry point (its class-data sharing archive), not the
   * guard or Kafka: {@code FATIGUE_GUARD_IMAGE_CDS}, {@code FATIGUE_GUARD_IMAGE_CDS_DIR}.
   */
  public static final String IMAGE_ENV_PREFIX = ENV_PREFIX + "IMAGE_";

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /**
   * Defaults that differ from Kafka Streams' own: exactly-once is the product's promise; the global
   * processing-exception setting is Kafka 5.0's default already, and opting in silences its
   * warning. Every message waits on the guard, so a member that vanishes must be noticed in seconds
   * rather than after Kafka's 45 s (6 s is the brokers' default minimum), its open transaction must
   * not block its partitions for long, and a warm copy of every store on another instance lets the
   * survivor take over without replaying the changelogs (docs/availability.md).
   */
  private static final Map<String, String> STREAMS_DEFAULTS =
      Map.ofEntries(
          Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "fatigue-guard"),
          Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
          // Named by its key: the constant is already deprecated, since 5.0 makes this the only
          // behaviour.
          Map.entry("processing.exception.handler.global.enabled", "true"),
          Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000"),
          Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500"),
          Map.entry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "5000"),
          Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1"));

  private final Map<String, String> values;

  private GuardConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static GuardConfig load(Path file, Map<String, String> environment) {
    Properties fromFile = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      fromFile.load(reader);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidConfigurationException("configuration file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "cannot read configuration file " + file + ": " + e, e);
    }
    Map<String, String> merged = new TreeMap<>();
    fromFile.stringPropertyNames().forEach(k -> merged.put(k, fromFile.getProperty(k)));
    return of(merged, environment);
  }

  /** Builds a configuration from explicit values plus environment overrides, and validates it. */
  public static GuardConfig of(Map<String, String> explicit, Map<String, String> environment) {
    Map<String, String> merged = new TreeMap<>();
    STREAMS_DEFAULTS.forEach(merged::put);
    for (GuardSetting s : GuardSetting.values()) {
      merged.put(s.key(), s.defaultValue());
    }
    merged.putAll(explicit);
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX)
              && name.length() > ENV_PREFIX.length()
              && !name.startsWith(LOG_ENV_PREFIX)
              && !name.startsWith(IMAGE_ENV_PREFIX)) {
            merged.put(keyOfEnvironmentVariable(name), value);
          }
        });
    GuardConfig config = new GuardConfig(merged);
    config.validate();
    return config;
  }

  /** The configuration key a {@code FATIGUE_GUARD_*} environment variable sets. */
  public static String keyOfEnvironmentVariable(String name) {
    return name.substring(ENV_PREFIX.length())
        .toLowerCase(Locale.ROOT)
        .replace("__", "\u0000")
        .replace('_', '.')
        .replace('\u0000', '-');
  }

  private void validate() {
    List<String> problems = new ArrayList<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith("guard.")) {
            GuardSetting.byKey(key)
                .ifPresentOrElse(
                    s -> {
                      String problem = s.problemWith(value);
                      if (problem != null) {
                        problems.add(key + ": " + problem);
                      }
                    },
                    () ->
                        problems.add(
                            key + ": unknown guard setting (known: " + knownGuardKeys() + ")"));
          }
        });
    if (blank(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      problems.add(
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + ": required (host:port of the Kafka cluster)");
    }
    if (blank(SCHEMA_REGISTRY_URL)) {
      problems.add(
          SCHEMA_REGISTRY_URL
              + ": required (http(s)://host:port of the Schema Registry, or mock://scope)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(
          "invalid configuration:\n  " + String.join("\n  ", problems));
    }
    try {
      // Kafka's own validation names the offending key (ConfigException: Invalid value X for
      // configuration Y).
      new StreamsConfig(streamsProperties());
    } catch (ConfigException e) {
      throw new InvalidConfigurationException("invalid configuration: " + e.getMessage(), e);
    }
  }

  private boolean blank(String key) {
    String v = values.get(key);
    return v == null || v.isBlank();
  }

  private static String knownGuardKeys() {
    List<String> keys = new ArrayList<>();
    for (GuardSetting s : GuardSetting.values()) {
      keys.add(s.key());
    }
    return String.join(", ", keys);
  }

  public String get(GuardSetting setting) {
    return values.get(setting.key()).trim();
  }

  public String topic(GuardSetting topicSetting) {
    return get(topicSetting);
  }

  public Duration duration(GuardSetting setting) {
    return Duration.parse(get(setting));
  }

  public boolean flag(GuardSetting setting) {
    return Boolean.parseBoolean(get(setting));
  }

  public int integer(GuardSetting setting) {
    return Integer.parseInt(get(setting));
  }

  public String applicationId() {
    return values.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  /**
   * Every non-guard key, untouched: Kafka Streams, producer/consumer/admin and registry settings.
   */
  public Properties streamsProperties() {
    Properties p = new Properties();
    values.forEach(
        (k, v) -> {
          if (!k.startsWith("guard.")) {
            p.put(k, v);
          }
        });
    return p;
  }

  /**
   * The settings handed to serdes: all of them, as Confluent's serdes also see the whole client
   * config.
   */
  public Map<String, Object> serdeConfig() {
    return new TreeMap<>(values);
  }

  /** Everything, with secrets masked, for the start-up log. */
  public Map<String, String> describe() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
    return shown;
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("user.info")
        || k.contains("token");
  }

  public GuardConfig with(Map<String, String> overrides) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.putAll(overrides);
    return of(copy, Map.of());
  }
}
