package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaBackendTest {

  @Test
  void embeddedIsTheDefault() {
    assertThat(KafkaBackend.parse(null)).isEqualTo(KafkaBackend.EMBEDDED);
    assertThat(KafkaBackend.parse(" ")).isEqualTo(KafkaBackend.EMBEDDED);
  }

  @Test
  void namesAreCaseInsensitive() {
    assertThat(KafkaBackend.parse("testcontainers")).isEqualTo(KafkaBackend.TESTCONTAINERS);
    assertThat(KafkaBackend.parse("Embedded")).isEqualTo(KafkaBackend.EMBEDDED);
    assertThat(KafkaBackend.TESTCONTAINERS.propertyValue()).isEqualTo("testcontainers");
  }

  @Test
  void unknownNameIsRejectedWithTheChoices() {
    assertThatThrownBy(() -> KafkaBackend.parse("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dfatigue.kafka=docker")
        .hasMessageContaining("embedded, testcontainers");
  }
}
