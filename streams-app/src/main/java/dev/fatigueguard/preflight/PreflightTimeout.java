package dev.fatigueguard.preflight;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.time.Duration;

/** {@code guard.preflight.timeout}: how long a broker or the registry may take to answer. */
public record PreflightTimeout(Duration value) {

  public static PreflightTimeout of(GuardConfig config) {
    return new PreflightTimeout(config.duration(GuardSetting.PREFLIGHT_TIMEOUT));
  }

  public int millis() {
    return (int) Math.min(Integer.MAX_VALUE, value.toMillis());
  }

  /** {@code 15 s}, or {@code 500 ms} below a second, as the error lines say it. */
  public String text() {
    long ms = value.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
