package dev.fatigueguard.serde.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Registry client settings, under Confluent's names so a configuration works unchanged with either
 * Confluent's serde or ours. Defaults are Confluent's too.
 */
public class SchemaRegistryClientConfig extends AbstractConfig {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** The older name Confluent still accepts for {@link #BASIC_AUTH_USER_INFO}. */
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO =
      "schema.registry.basic.auth.user.info";

  public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
  public static final String MAX_RETRIES = "max.retries";
  public static final String RETRIES_WAIT_MS = "retries.wait.ms";
  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
  public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

  /** Where basic-auth credentials come from. */
  public enum CredentialsSource {
    /** From {@code basic.auth.user.info} ({@code user:password}). */
    USER_INFO,
    /** From the user-info part of each URL ({@code https://user:password@host}); none if absent. */
    URL
  }

  public SchemaRegistryClientConfig(Map<?, ?> originals) {
    this(configDef(), originals);
  }

  protected SchemaRegistryClientConfig(ConfigDef definition, Map<?, ?> originals) {
    // Not logged: Kafka Streams hands every serde the whole application config.
    super(definition, originals, false);
  }

  /** A fresh definition, so subclasses can add their own keys to it. */
  public static ConfigDef configDef() {
    return new ConfigDef()
        .define(
            SCHEMA_REGISTRY_URL,
            Type.LIST,
            "",
            Importance.HIGH,
            "Comma-separated registry URLs, tried in order with fail-over; or mock://<scope> for an"
                + " in-memory registry shared by every serde of that scope in the JVM.")
        .define(
            BASIC_AUTH_CREDENTIALS_SOURCE,
            Type.STRING,
            CredentialsSource.URL.name(),
            ConfigDef.CaseInsensitiveValidString.in("USER_INFO", "URL"),
            Importance.MEDIUM,
            "USER_INFO: send basic.auth.user.info; URL: send the user info of each URL, if any.")
        .define(
            BASIC_AUTH_USER_INFO,
            Type.PASSWORD,
            "",
            Importance.MEDIUM,
            "user:password for basic.auth.credentials.source=USER_INFO.")
        .define(
            SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
            Type.PASSWORD,
            "",
            Importance.LOW,
            "Deprecated name of basic.auth.user.info, used when that is empty.")
        .define(
            HTTP_CONNECT_TIMEOUT_MS,
            Type.INT,
            60_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Connect timeout per HTTP attempt.")
        .define(
            HTTP_READ_TIMEOUT_MS,
            Type.INT,
            60_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Time to wait for the response of one HTTP attempt.")
        .define(
            MAX_RETRIES,
            Type.INT,
            3,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Rounds over all URLs after the first, on I/O errors, timeouts, 408, 429 and 5xx."
                + " Never on other 4xx answers: the registry meant them.")
        .define(
            RETRIES_WAIT_MS,
            Type.INT,
            1_000,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Backoff before the first retry round; doubles per round, with jitter.")
        .define(
            RETRIES_MAX_WAIT_MS,
            Type.INT,
            20_000,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Upper bound of the backoff.")
        .define(
            LATEST_CACHE_TTL_SEC,
            Type.LONG,
            -1L,
            Importance.LOW,
            "How long a subject's latest version is cached; -1 = until restart.");
  }

  /**
   * The configured URLs, trimmed and without empty entries; {@link ConfigException} if there are
   * none.
   */
  public List<String> urls() {
    List<String> urls = new ArrayList<>();
    for (String url : getList(SCHEMA_REGISTRY_URL)) {
      if (!url.isBlank()) {
        urls.add(url.trim());
      }
    }
    if (urls.isEmpty()) {
      throw new ConfigException(
          "Missing required configuration \""
              + SCHEMA_REGISTRY_URL
              + "\": comma-separated http(s) URLs, or mock://<scope> for an in-memory registry");
    }
    return urls;
  }

  /**
   * The URLs parsed as http(s) URIs, with a {@link ConfigException} naming the bad one otherwise.
   */
  public List<URI> httpUrls() {
    List<URI> uris = new ArrayList<>();
    for (String url : urls()) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new ConfigException(SCHEMA_REGISTRY_URL, url, "not a URL: " + e.getMessage());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ConfigException(
            SCHEMA_REGISTRY_URL,
            url,
            "expected http(s)://host[:port][/path], or mock://<scope> alone");
      }
      uris.add(uri);
    }
    return uris;
  }

  public CredentialsSource credentialsSource() {
    return CredentialsSource.valueOf(
        getString(BASIC_AUTH_CREDENTIALS_SOURCE).toUpperCase(Locale.ROOT));
  }

  /** {@code user:password}, or empty. */
  public String userInfo() {
    String value = getPassword(BASIC_AUTH_USER_INFO).value();
    if (value.isEmpty()) {
      value = getPassword(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO).value();
    }
    return value;
  }

  public int connectTimeoutMs() {
    return getInt(HTTP_CONNECT_TIMEOUT_MS);
  }

  public int readTimeoutMs() {
    return getInt(HTTP_READ_TIMEOUT_MS);
  }

  public int maxRetries() {
    return getInt(MAX_RETRIES);
  }

  public int retriesWaitMs() {
    return getInt(RETRIES_WAIT_MS);
  }

  public int retriesMaxWaitMs() {
    return getInt(RETRIES_MAX_WAIT_MS);
  }

  /** Negative: never expires. */
  public long latestCacheTtlSec() {
    return getLong(LATEST_CACHE_TTL_SEC);
  }

  /**
   * {@link #latestCacheTtlSec()} in nanoseconds, the unit the caches compare against {@link
   * System#nanoTime()}: -1 (never expires) when negative, and {@link Long#MAX_VALUE} (never, in
   * practice) for any number of seconds too large to count in nanoseconds.
   */
  public long latestCacheTtlNanos() {
    long seconds = latestCacheTtlSec();
    if (seconds < 0) {
      return -1;
    }
    return seconds > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : seconds * 1_000_000_000L;
  }
}
