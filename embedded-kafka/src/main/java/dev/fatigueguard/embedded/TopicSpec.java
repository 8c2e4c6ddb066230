package dev.fatigueguard.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to create: name, partition count and topic-level config (for example {@code
 * cleanup.policy=compact}). Replication factor is always 1 (single-broker setups).
 *
 * @param name topic name
 * @param partitions number of partitions, at least 1
 * @param config topic configs; copied, never null
 */
public record TopicSpec(String name, int partitions, Map<String, String> config) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "partitions must be >= 1, was " + partitions + " for " + name);
    }
    config = Map.copyOf(config == null ? Map.of() : config);
  }

  /** A topic with the broker's default config. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of());
  }

  /** A topic with {@code cleanup.policy=compact}, as changelog and table topics use. */
  public static TopicSpec compacted(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
  }

  /** This spec plus one more topic config. */
  public TopicSpec withConfig(String key, String value) {
    Map<String, String> merged = new LinkedHashMap<>(config);
    merged.put(key, value);
    return new TopicSpec(name, partitions, merged);
  }
}
