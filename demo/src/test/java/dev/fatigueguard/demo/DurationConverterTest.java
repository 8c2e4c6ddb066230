package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({
    "90s, PT90S",
    "2m, PT2M",
    "1m30s, PT90S",
    "500ms, PT0.5S",
    "1h, PT1H",
    "PT75S, PT75S",
    "pt2m, PT2M",
    " 45S , PT45S"
  })
  void durationsAreIsoOrShortForm(String text, String expected) {
    assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void aDurationThatIsNeitherIsRejectedWithTheFormsThatWork() {
    assertThatThrownBy(() -> new DurationConverter().convert("two minutes"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("90s");
  }
}
