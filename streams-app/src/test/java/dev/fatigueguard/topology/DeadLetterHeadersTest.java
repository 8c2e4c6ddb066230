package dev.fatigueguard.topology;

import static dev.fatigueguard.topology.GuardDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.CapRule;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.config.GuardSetting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dead letters carry the guard's own error headers and KIP-1034's standard ones. */
class DeadLetterHeadersTest {

  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

  private GuardDriver guard;

  @BeforeEach
  void start() {
    guard = new GuardDriver();
    guard.policy("{\"tenant\":\"default\"}");
  }

  @AfterEach
  void stop() {
    guard.close();
  }

  @Test
  void theStandardHeaderNamesAreTheOnesKafkaStreamsWritesToItsOwnDeadLetters() {
    assertThat(
            List.of(
                DeadLetters.STANDARD_EXCEPTION,
                DeadLetters.STANDARD_STACKTRACE,
                DeadLetters.STANDARD_MESSAGE,
                DeadLetters.STANDARD_TOPIC,
                DeadLetters.STANDARD_PARTITION,
                DeadLetters.STANDARD_OFFSET))
        .containsExactly(
            ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);
  }

  @Test
  void anUndecodableRecordCarriesTheStandardHeadersBesideTheGuardsOwn() {
    guard.rawInput.pipeInput(KEY, "{\"messageId\":\"x\"}".getBytes(StandardCharsets.UTF_8), T0);

    Headers headers = onlyDeadLetter().headers();
    assertThat(text(headers, DeadLetters.STANDARD_MESSAGE))
        .isEqualTo(text(headers, DeadLetters.REASON))
        .contains("magic byte");
    assertThat(text(headers, DeadLetters.STANDARD_TOPIC)).isEqualTo("outbound-messages");
    assertThat(text(headers, DeadLetters.STANDARD_PARTITION)).isEqualTo("0");
    assertThat(text(headers, DeadLetters.STANDARD_OFFSET)).isEqualTo("0");
    assertThat(text(headers, DeadLetters.STANDARD_EXCEPTION))
        .isEqualTo(text(headers, DeadLetters.EXCEPTION))
        .isNotBlank();
    assertThat(text(headers, DeadLetters.STANDARD_STACKTRACE))
        .startsWith(text(headers, DeadLetters.EXCEPTION))
        .contains("\tat ");
  }

  @Test
  void aRefusalByValidationSaysWhyAndNamesNoException() {
    var tooShortWindow =
        ContactPolicy.newBuilder()
            .setTenant("default")
            .setCaps(
                List.of(
                    new CapRule(
                        "tiny", 5, "PT5S", List.of(), List.of(), List.of(), null, List.of(),
                        false)))
            .build();
    String topic = guard.config.topic(GuardSetting.TOPIC_POLICIES);
    guard.policiesInput.pipeInput(
        "default", guard.serdes.policy().serializer().serialize(topic, tooShortWindow), T0);

    assertThat(guard.refusedPolicies).hasSize(1);
    Headers headers = guard.refusedPolicies.get(0).headers();
    assertThat(text(headers, DeadLetters.STANDARD_MESSAGE))
        .isEqualTo(text(headers, DeadLetters.REASON))
        .contains("caps[0].window");
    assertThat(text(headers, DeadLetters.STANDARD_TOPIC)).isEqualTo("contact-policies");
    assertThat(headers.lastHeader(DeadLetters.STANDARD_EXCEPTION)).isNull();
    assertThat(headers.lastHeader(DeadLetters.STANDARD_STACKTRACE)).isNull();
  }

  private TestRecord<byte[], byte[]> onlyDeadLetter() {
    List<TestRecord<byte[], byte[]>> letters = guard.deadLetters();
    assertThat(letters).hasSize(1);
    return letters.get(0);
  }

  private static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    assertThat(h).as("header %s", name).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }
}
