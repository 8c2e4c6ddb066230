package dev.fatigueguard.preflight;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import dev.fatigueguard.serde.registry.RestSchemaRegistryClient;
import dev.fatigueguard.serde.registry.SchemaRegistryClientConfig;
import dev.fatigueguard.serde.registry.SchemaRegistryException;
import dev.fatigueguard.serde.registry.SchemaRegistryUnavailableException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;

/**
 * The registry answers {@code schema.registry.url} and accepts the credentials, asked with one
 * request and no retries, bounded by {@code guard.preflight.timeout}.
 */
final class RegistryCheck {

  static final String NAME = "registry";

  private RegistryCheck() {}

  /**
   * The registry settings with the preflight's bounds: one attempt, each bounded by the timeout.
   */
  static Map<String, Object> boundedSettings(GuardConfig config) {
    Map<String, Object> settings = new TreeMap<>(config.serdeConfig());
    int ms = PreflightTimeout.of(config).millis();
    settings.put(SchemaRegistryClientConfig.HTTP_CONNECT_TIMEOUT_MS, ms);
    settings.put(SchemaRegistryClientConfig.HTTP_READ_TIMEOUT_MS, ms);
    settings.put(SchemaRegistryClientConfig.MAX_RETRIES, 0);
    return settings;
  }

  static boolean isMock(GuardConfig config) {
    return url(config).startsWith(MockSchemaRegistry.SCHEME);
  }

  static String url(GuardConfig config) {
    return String.valueOf(config.serdeConfig().get(GuardConfig.SCHEMA_REGISTRY_URL)).trim();
  }

  /**
   * Asks for a subject's latest version: an answer, or "subject not found", shows the registry is
   * there and took the credentials.
   */
  static CheckResult check(GuardConfig config, String probeSubject) {
    String url = url(config);
    if (isMock(config)) {
      return CheckResult.note(
          NAME,
          "schema.registry.url="
              + url
              + " is the in-memory registry of this process: nothing to reach (not for production)");
    }
    RestSchemaRegistryClient client;
    try {
      client = new RestSchemaRegistryClient(boundedSettings(config));
    } catch (KafkaException e) {
      return CheckResult.fail(NAME, e.getMessage(), "correct the setting the message names");
    }
    try {
      client.getLatestVersion(probeSubject);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() == 401 || e.httpStatus() == 403) {
        return unauthorized(url, e);
      }
      if (e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return CheckResult.fail(
            NAME,
            "schema.registry.url=" + url + ": " + e.getMessage(),
            "point schema.registry.url at a Confluent-compatible Schema Registry");
      }
    } catch (SchemaRegistryUnavailableException e) {
      return unreachable(config, url, e);
    }
    return CheckResult.pass(
        NAME,
        "schema.registry.url="
            + url
            + " answered"
            + (hasCredentials(config)
                ? " and accepted the credentials"
                : " (no credentials sent)"));
  }

  static CheckResult unauthorized(String url, SchemaRegistryException e) {
    return CheckResult.fail(
        NAME,
        "schema.registry.url="
            + url
            + " answered HTTP "
            + e.httpStatus()
            + " ("
            + e.registryMessage()
            + "): the credentials are missing or wrong",
        "set basic.auth.credentials.source=USER_INFO and basic.auth.user.info=user:password"
            + " (or put user:password@ in the URL)");
  }

  static CheckResult unreachable(
      GuardConfig config, String url, SchemaRegistryUnavailableException e) {
    Throwable cause = e.getCause();
    String why;
    if (cause instanceof HttpTimeoutException) {
      why = "no registry answered within " + PreflightTimeout.of(config).text();
    } else if (cause instanceof ConnectException) {
      why = "no registry answered (connection refused)";
    } else if (e.lastHttpStatus() > 0) {
      why = "the registry answered HTTP " + e.lastHttpStatus() + ": " + e.getMessage();
    } else {
      why = "no registry answered (" + ClusterConnection.rootMessage(e) + ")";
    }
    return CheckResult.fail(
        NAME,
        "schema.registry.url=" + url + ": " + why,
        "check schema.registry.url; guard.preflight.timeout sets how long to wait");
  }

  private static boolean hasCredentials(GuardConfig config) {
    Map<String, Object> s = config.serdeConfig();
    return url(config).contains("@")
        || !String.valueOf(s.getOrDefault(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, ""))
            .isBlank();
  }
}
