package dev.fatigueguard.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The guard's own settings. They all start with {@code guard.}; every other key in the
 * configuration belongs to Kafka, Kafka Streams or the Schema Registry serde and is passed through
 * untouched.
 */
public enum GuardSetting {
  TOPIC_INPUT(
      "guard.topic.input",
      "outbound-messages",
      Kind.TOPIC,
      "Outbound messages from every sender, keyed by customerId."),
  TOPIC_PREFERENCES(
      "guard.topic.preferences",
      "contact-preferences",
      Kind.TOPIC,
      "Customer-set preferences (compacted); a tombstone erases the customer."),
  TOPIC_POLICIES(
      "guard.topic.policies",
      "contact-policies",
      Kind.TOPIC,
      "Platform policies keyed by tenant (compacted); `default` is the fallback."),
  TOPIC_APPROVED(
      "guard.topic.approved",
      "outbound-messages-approved",
      Kind.TOPIC,
      "Approved messages for the channel gateways."),
  TOPIC_SUPPRESSED(
      "guard.topic.suppressed",
      "outbound-messages-suppressed",
      Kind.TOPIC,
      "Dropped messages with the decision that dropped them."),
  TOPIC_DECISIONS(
      "guard.topic.decisions",
      "contact-decisions",
      Kind.TOPIC,
      "Audit log: one event per decision."),
  TOPIC_DLQ(
      "guard.topic.dlq",
      "outbound-messages-dlq",
      Kind.TOPIC,
      "Input that could not be read, as received, with error headers."),
  TOPIC_METRICS(
      "guard.topic.metrics",
      "fatigue-metrics",
      Kind.TOPIC,
      "Periodic fatigue aggregates for dashboards that read Kafka."),
  APPROVED_PER_CHANNEL(
      "guard.approved.per-channel",
      "false",
      Kind.BOOLEAN,
      "Also write each approved message to <approved topic>.<CHANNEL>."),
  DEDUP_WINDOW(
      "guard.dedup.window",
      "PT24H",
      Kind.DURATION,
      "A messageId seen again within this window is dropped as DUPLICATE."),
  RELEASE_INTERVAL(
      "guard.release.interval",
      "PT1S",
      Kind.DURATION,
      "How often (wall clock) held messages that are due are looked at."),
  RELEASE_BATCH(
      "guard.release.max-per-punctuation",
      "10000",
      Kind.POSITIVE_INT,
      "Upper bound of held messages looked at per task per release round, to keep transactions small."),
  REQUIRE_POLICY(
      "guard.require-policy",
      "true",
      Kind.BOOLEAN,
      "Judge messages only once at least one contact policy is loaded; until then they are held "
          + "(DELAYED, rule guard/awaiting-policy). false: judge them against customer preferences alone."),
  HTTP_PORT(
      "guard.http.port",
      "8080",
      Kind.PORT,
      "Port of the HTTP API and metrics; 0 picks a free port."),
  HTTP_BIND_ADDRESS(
      "guard.http.bind-address", "0.0.0.0", Kind.HOST, "Address the HTTP server listens on."),
  HTTP_ADVERTISED_HOST(
      "guard.http.advertised-host",
      "localhost",
      Kind.HOST,
      "Host name other guard instances use to reach this one; with the HTTP port it becomes Kafka Streams' "
          + "application.server unless that is set explicitly."),
  MANAGEMENT_PORT(
      "guard.management.port",
      "9464",
      Kind.PORT,
      "Port of the management listener: /metrics (Prometheus) and /health/live, /health/ready, "
          + "without a token; 0 picks a free port. Expose it to the scraper and the kubelet only."),
  MANAGEMENT_BIND_ADDRESS(
      "guard.management.bind-address",
      "0.0.0.0",
      Kind.HOST,
      "Address the management listener listens on."),
  HTTP_TOKENS_ADMIN(
      "guard.http.tokens.admin",
      "",
      Kind.SHA256_LIST,
      "Comma-separated SHA-256 hashes (hex) of bearer tokens that may read and write policies."),
  HTTP_TOKENS_PREFERENCES(
      "guard.http.tokens.preferences",
      "",
      Kind.SHA256_LIST,
      "Comma-separated SHA-256 hashes (hex) of bearer tokens that may read, write and erase customer preferences."),
  HTTP_TOKENS_READER(
      "guard.http.tokens.reader",
      "",
      Kind.SHA256_LIST,
      "Comma-separated SHA-256 hashes (hex) of bearer tokens that may read budgets, held messages, stats and metrics."),
  PREFLIGHT_TIMEOUT(
      "guard.preflight.timeout",
      "PT15S",
      Kind.DURATION,
      "How long `check`, and `run`, `topics`, `policy publish` and `preferences publish|erase` before "
          + "they start, wait for a broker or the registry to answer before naming the setting that "
          + "points nowhere."),
  PREFERENCE_CENTRE_SECRET(
      "guard.preference-centre.secret",
      "",
      Kind.SECRET,
      "Key that signs customer links to the preference centre (HMAC-SHA256), the same on every instance; "
          + "at least 32 characters. Empty: no links can be issued and /v1/me answers 401."),
  PREFERENCE_CENTRE_PREVIOUS_SECRET(
      "guard.preference-centre.previous-secret",
      "",
      Kind.SECRET,
      "During a key rotation, the key links were signed with until now: still accepted, never used to sign. "
          + "Empty once every link signed with it has expired."),
  PREFERENCE_CENTRE_URL(
      "guard.preference-centre.url",
      "",
      Kind.BASE_URL,
      "Address customers reach the guard's /me page at (e.g. https://prefs.example.com), used in the links "
          + "it issues. Empty: the address the link request was sent to."),
  METRICS_INTERVAL(
      "guard.metrics.interval",
      "PT10S",
      Kind.DURATION,
      "How often (wall clock) each task writes its aggregates to the fatigue-metrics topic."),
  MAX_CLOCK_SKEW(
      "guard.max-clock-skew",
      "P1D",
      Kind.DURATION,
      "A message whose record timestamp or createdAt is further than this from the wall clock is "
          + "not judged: it goes to the DLQ and gets a DROPPED/INVALID decision naming the field."),
  INSTANCE_ID(
      "guard.instance.id",
      "auto",
      Kind.INSTANCE_ID,
      "This instance's stable member id in the group (static membership): a restart within "
          + "session.timeout.ms gets its tasks back without a rebalance. auto: the host name (a "
          + "StatefulSet's pod name) plus a hash of the state directory; none: dynamic membership, "
          + "the instance leaves the group when it closes. An explicit group.instance.id wins."),
  ROCKSDB_MEMORY(
      "guard.rocksdb.memory",
      "256MiB",
      Kind.BYTE_SIZE,
      "One off-heap budget for all RocksDB stores of this instance: block cache, index and filter "
          + "blocks and memtables are all charged to it (e.g. 256MiB, 1GiB, or bytes); unbounded "
          + "leaves every store Kafka Streams' own cache and memtables."),
  CUSTOMER_CACHE(
      "guard.customer-cache.customers",
      "20000",
      Kind.NON_NEGATIVE_INT,
      "Customers whose decoded ledger and preferences each task keeps on the heap, most recently "
          + "used first, written through to the stores (0: none)."),
  INPUT_KEYED_BY_CUSTOMER(
      "guard.input.keyed-by-customer",
      "false",
      Kind.BOOLEAN,
      "true: every sender keys its records by customerId (with Kafka's default partitioner), so "
          + "the guard builds no repartition topic; a record keyed otherwise goes to the DLQ and "
          + "gets a DROPPED/INVALID decision. false: records keyed otherwise are brought to their "
          + "customer's partition through a repartition topic.");

  enum Kind {
    TOPIC,
    BOOLEAN,
    DURATION,
    POSITIVE_INT,
    NON_NEGATIVE_INT,
    PORT,
    HOST,
    SHA256_LIST,
    INSTANCE_ID,
    BYTE_SIZE,
    SECRET,
    BASE_URL
  }

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
        // Kafka's legal topic characters; checked here so a typo fails at start, not at first
        // produce.
        return v.matches("[a-zA-Z0-9._-]{1,249}")
            ? null
            : "must be a Kafka topic name (letters, digits, '.', '_', '-'), was '" + value + "'";
      case BOOLEAN:
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")
            ? null
            : "must be true or false, was '" + value + "'";
      case DURATION:
        try {
          Duration d = Duration.parse(v);
          return d.isNegative() || d.isZero()
              ? "must be a positive ISO-8601 duration, was '" + value + "'"
              : null;
        } catch (DateTimeParseException e) {
          return "must be an ISO-8601 duration such as PT24H, was '" + value + "'";
        }
      case POSITIVE_INT:
        try {
          return Integer.parseInt(v) > 0 ? null : "must be a positive integer, was '" + value + "'";
        } catch (NumberFormatException e) {
          return "must be a positive integer, was '" + value + "'";
        }
      case NON_NEGATIVE_INT:
        try {
          return Integer.parseInt(v) >= 0 ? null : "must be 0 or more, was '" + value + "'";
        } catch (NumberFormatException e) {
          return "must be a whole number, 0 or more, was '" + value + "'";
        }
      case PORT:
        try {
          int port = Integer.parseInt(v);
          return port >= 0 && port <= 65535
              ? null
              : "must be a port number 0..65535, was '" + value + "'";
        } catch (NumberFormatException e) {
          return "must be a port number 0..65535, was '" + value + "'";
        }
      case HOST:
        return v.isEmpty() || v.contains(" ")
            ? "must be a host name or address, was '" + value + "'"
            : null;
      case SHA256_LIST:
        // Only hashes are configured, so a leaked config file does not leak a usable token.
        for (String hash : v.split(",")) {
          if (!hash.isBlank() && !hash.trim().matches("[0-9a-fA-F]{64}")) {
            return "must be comma-separated SHA-256 hashes (64 hex digits each) of the tokens, not the tokens "
                + "themselves (e.g. printf %s \"$TOKEN\" | sha256sum)";
          }
        }
        return null;
      case INSTANCE_ID:
        return v.matches("[A-Za-z0-9._-]{1,200}")
            ? null
            : "must be auto, none, or 1-200 letters, digits, '.', '_', '-', was '" + value + "'";
      case BYTE_SIZE:
        if (ByteSize.isUnbounded(v)) {
          return null;
        }
        try {
          return ByteSize.parse(v) >= ByteSize.MIN
              ? null
              : "must be at least 16MiB (or unbounded), was '" + value + "'";
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
      case SECRET:
        // A short key can be guessed offline from one link; the value itself is never echoed.
        return v.isEmpty() || v.length() >= 32
            ? null
            : "must be empty or at least 32 characters (e.g. openssl rand -base64 32)";
      case BASE_URL:
        return v.isEmpty() || v.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")
            ? null
            : "must be empty or an http(s) address without query or fragment, was '" + value + "'";
      default:
        throw new IllegalStateException(kind.name());
    }
  }
}
