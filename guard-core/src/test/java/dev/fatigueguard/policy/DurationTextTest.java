package dev.fatigueguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "P1D, PT24H, P1D",
    "P7D, PT168H, P7D",
    "P2W, PT336H, P14D",
    "PT16H, PT16H, PT16H",
    "PT90M, PT1H30M, PT1H30M",
    "P1DT12H, PT36H, P1DT12H",
    "p1d, PT24H, P1D",
  })
  void readsWhatPeopleWriteAndWritesDaysAsDays(String text, String duration, String written) {
    Duration parsed = DurationText.parse(text);

    assertThat(parsed).isEqualTo(Duration.parse(duration));
    assertThat(DurationText.format(parsed)).isEqualTo(written);
    assertThat(DurationText.parse(DurationText.format(parsed))).isEqualTo(parsed);
  }
}
