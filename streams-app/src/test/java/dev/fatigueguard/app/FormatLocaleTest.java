package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FormatLocaleTest {

  private Locale before;

  @BeforeEach
  void remember() {
    before = Locale.getDefault(Locale.Category.FORMAT);
  }

  @AfterEach
  void restore() {
    Locale.setDefault(Locale.Category.FORMAT, before);
  }

  @Test
  void bareEnglishBecomesUsEnglish() {
    Locale.setDefault(Locale.Category.FORMAT, Locale.ENGLISH);

    assertThat(FormatLocale.preferUsOverBareEnglish()).isTrue();
    assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.US);
  }

  @Test
  void anyOtherLocaleIsLeftAlone() {
    for (Locale other :
        new Locale[] {Locale.GERMANY, Locale.UK, Locale.ROOT, Locale.US, new Locale("en", "IN")}) {
      Locale.setDefault(Locale.Category.FORMAT, other);

      assertThat(FormatLocale.preferUsOverBareEnglish()).as(other.toLanguageTag()).isFalse();
      assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(other);
    }
  }

  @Test
  void theSwitchChangesNoFormattedOutput() {
    String pattern = "%d %,d %.3f %,.2f %e %s %x";
    Object[] args = {-1234567L, 9876543210L, Math.PI, -1234567.891, 6.02e23, 42, 255};
    assertThat(String.format(Locale.US, pattern, args))
        .isEqualTo(String.format(Locale.ENGLISH, pattern, args));
    LocalDate day = LocalDate.of(2026, 11, 25);
    for (FormatStyle style : FormatStyle.values()) {
      assertThat(DateTimeFormatter.ofLocalizedDate(style).withLocale(Locale.US).format(day))
          .isEqualTo(
              DateTimeFormatter.ofLocalizedDate(style).withLocale(Locale.ENGLISH).format(day));
    }
  }
}
