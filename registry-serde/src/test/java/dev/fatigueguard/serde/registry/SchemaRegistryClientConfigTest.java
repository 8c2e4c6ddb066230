package dev.fatigueguard.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

  private static long ttlNanos(Object seconds) {
    return new SchemaRegistryClientConfig(
            Map.of(
                SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL,
                "mock://ttl",
                SchemaRegistryClientConfig.LATEST_CACHE_TTL_SEC,
                seconds))
        .latestCacheTtlNanos();
  }

  @Test
  void latestCacheTtlInNanosNeverWrapsAround() {
    assertThat(ttlNanos(-1L)).isEqualTo(-1);
    assertThat(ttlNanos(0L)).isZero();
    assertThat(ttlNanos(300L)).isEqualTo(300_000_000_000L);
    assertThat(ttlNanos(Long.MAX_VALUE / 1_000_000_000L))
        .isEqualTo(Long.MAX_VALUE / 1_000_000_000L * 1_000_000_000L);
    // 300 years of seconds: multiplied out it would wrap to a negative number, i.e. "never expires"
    // by accident in one cache and an exception in the other.
    assertThat(ttlNanos(300L * 365 * 86_400)).isEqualTo(Long.MAX_VALUE);
    assertThat(ttlNanos(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
