package dev.fatigueguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** The fast path must be invisible: the same text and the same instants as the JDK, always. */
class UtcInstantTextProperties {

  @Property(tries = 5000)
  void formatsExactlyAsInstantToString(@ForAll("instants") Instant instant) {
    assertThat(UtcInstantText.format(instant)).isEqualTo(instant.toString());
  }

  @Property(tries = 5000)
  void parsesExactlyAsInstantParse(@ForAll("instants") Instant instant) {
    String text = instant.toString();
    assertThat(UtcInstantText.parse(text)).isEqualTo(Instant.parse(text));
  }

  @Test
  void leavesEveryOtherShapeToTheJdk() {
    for (String text :
        new String[] {
          "2024-02-29T23:59:59Z",
          "2026-03-02T10:00:00.123456Z",
          "2026-03-02T10:00:00+01:00",
          "2026-03-02T23:59:60Z",
          "0000-01-01T00:00:00Z",
          "2023-02-29T10:00:00Z",
          "2026-13-01T10:00:00Z",
          "2026-04-31T10:00:00Z",
          "2026-03-02T24:00:00Z"
        }) {
      assertSameAsJdk(text);
    }
    for (String bad :
        new String[] {
          "2026-03-0xT10:00:00Z", "2026-03-02 10:00:00Z", "2026-03-02T10:00:00.1x3Z", "yesterday"
        }) {
      assertThatThrownBy(() -> UtcInstantText.parse(bad))
          .as(bad)
          .isInstanceOf(DateTimeParseException.class);
    }
    Instant nanos = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
    assertThat(UtcInstantText.format(nanos)).isEqualTo(nanos.toString());
  }

  /** Same instant as the JDK, or the same kind of refusal. */
  private static void assertSameAsJdk(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException refused) {
      assertThatThrownBy(() -> UtcInstantText.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
      return;
    }
    assertThat(UtcInstantText.parse(text)).as(text).isEqualTo(expected);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli)),
        Tuple.of(3, Arbitraries.longs().between(0, 4_102_444_800L).map(Instant::ofEpochSecond)),
        Tuple.of(
            1,
            Arbitraries.longs()
                .between(-62_135_596_800_000L, 253_402_300_799_999L)
                .map(Instant::ofEpochMilli)));
  }
}
