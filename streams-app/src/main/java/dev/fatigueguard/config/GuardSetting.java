package dev.fatigueguard.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The guard's own settings. They all start with {@code guard.}; every other key in the configuration
 * belongs to Kafka, Kafka Streams or the Schema Registry serde and is passed through untouched.
 */
public enum GuardSetting {
  TOPIC_INPUT("guard.topic.input", "outbound-messages", Kind.TOPIC,
      "Outbound messages from every sender, keyed by customerId."),
  TOPIC_PREFERENCES("guard.topic.preferences", "contact-preferences", Kind.TOPIC,
      "Customer-set preferences (compacted); a tombstone erases the customer."),
  TOPIC_POLICIES("guard.topic.policies", "contact-policies", Kind.TOPIC,
      "Platform policies keyed by tenant (compacted); `default` is the fallback."),
  TOPIC_APPROVED("guard.topic.approved", "outbound-messages-approved", Kind.TOPIC,
      "Approved messages for the channel gateways."),
  TOPIC_SUPPRESSED("guard.topic.suppressed", "outbound-messages-suppressed", Kind.TOPIC,
      "Dropped messages with the decision that dropped them."),
  TOPIC_DECISIONS("guard.topic.decisions", "contact-decisions", Kind.TOPIC,
      "Audit log: one event per decision."),
  TOPIC_DLQ("guard.topic.dlq", "outbound-messages-dlq", Kind.TOPIC,
      "Input that could not be read, as received, with error headers."),
  TOPIC_METRICS("guard.topic.metrics", "fatigue-metrics", Kind.TOPIC,
      "Periodic fatigue aggregates for dashboards that read Kafka."),
  APPROVED_PER_CHANNEL("guard.approved.per-channel", "false", Kind.BOOLEAN,
      "Also write each approved message to <approved topic>.<CHANNEL>."),
  DEDUP_WINDOW("guard.dedup.window", "PT24H", Kind.DURATION,
      "A messageId seen again within this window is dropped as DUPLICATE."),
  RELEASE_INTERVAL("guard.release.interval", "PT1S", Kind.DURATION,
      "How often (wall clock) held messages that are due are looked at."),
  RELEASE_BATCH("guard.release.max-per-punctuation", "10000", Kind.POSITIVE_INT,
      "Upper bound of held messages looked at per task per release round, to keep transactions small."),
  REQUIRE_POLICY("guard.require-policy", "true", Kind.BOOLEAN,
      "Judge messages only once at least one contact policy is loaded; until then they are held "
          + "(DELAYED, rule guard/awaiting-policy). false: judge them against customer preferences alone."),
  HTTP_PORT("guard.http.port", "8080", Kind.PORT,
      "Port of the HTTP API and metrics; 0 picks a free port.");

  enum Kind { TOPIC, BOOLEAN, DURATION, POSITIVE_INT, PORT }

  private final String key;
  private final String defaultValue;
  private final Kind kind;
  private final String description;

  GuardSetting(String key, String defaultValue, Kind kind, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.kind = kind;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public static Optional<GuardSetting> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }

  /** Returns a problem description, or null when the value is acceptable. */
  String problemWith(String value) {
    String v = value.trim();
    switch (kind) {
      case TOPIC:
        // Kafka's legal topic characters; checked here so a typo fails at start, not at first produce.
        return v.matches("[a-zA-Z0-9._-]{1,249}") ? null
            : "must be a Kafka topic name (letters, digits, '.', '_', '-'), was '" + value + "'";
      case BOOLEAN:
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null
            : "must be true or false, was '" + value + "'";
      case DURATION:
        try {
          Duration d = Duration.parse(v);
          return d.isNegative() || d.isZero() ? "must be a positive ISO-8601 duration, was '" + value + "'" : null;
        } catch (DateTimeParseException e) {
          return "must be an ISO-8601 duration such as PT24H, was '" + value + "'";
        }
      case POSITIVE_INT:
        try {
          return Integer.parseInt(v) > 0 ? null : "must be a positive integer, was '" + value + "'";
        } catch (NumberFormatException e) {
          return "must be a positive integer, was '" + value + "'";
        }
      case PORT:
        try {
          int port = Integer.parseInt(v);
          return port >= 0 && port <= 65535 ? null : "must be a port number 0..65535, was '" + value + "'";
        } catch (NumberFormatException e) {
          return "must be a port number 0..65535, was '" + value + "'";
        }
      default:
        throw new IllegalStateException(kind.name());
    }
  }
}
