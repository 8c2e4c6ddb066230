package dev.fatigueguard.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fatigueguard.bench.latency.RateRamp.Step;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateRampTest {

  @Test
  void climbsUntilARateFailsTwiceAndReportsTheLastOneThatPassed() throws Exception {
    RateRamp.Result result = new RateRamp(5_000, 2_500, 100_000).run(rate -> rate <= 12_500);

    assertThat(result.maximum()).isEqualTo(12_500);
    assertThat(result.steps())
        .containsExactly(
            new Step(5_000, true),
            new Step(7_500, true),
            new Step(10_000, true),
            new Step(12_500, true),
            new Step(15_000, false),
            new Step(15_000, false));
  }

  @Test
  void aRateThatFailsOnceButPassesItsRetryDoesNotEndTheRamp() throws Exception {
    // One unlucky probe at 7 500/s, then the ramp goes on to fail for good at 12 500/s.
    Deque<Boolean> outcomes = new ArrayDeque<>(List.of(true, false, true, true, false, false));

    RateRamp.Result result = new RateRamp(5_000, 2_500, 100_000).run(rate -> outcomes.pop());

    assertThat(result.maximum()).isEqualTo(10_000);
    assertThat(result.steps())
        .extracting(Step::rate)
        .containsExactly(5_000, 7_500, 7_500, 10_000, 12_500, 12_500);
    assertThat(outcomes).isEmpty();
  }

  @Test
  void stopsAtTheLimitWhenEveryRatePasses() throws Exception {
    RateRamp.Result result = new RateRamp(1_000, 1_000, 3_500).run(rate -> true);

    assertThat(result.maximum()).isEqualTo(3_000);
    assertThat(result.steps()).extracting(Step::rate).containsExactly(1_000, 2_000, 3_000);
  }

  @Test
  void aStartThatFailsTwiceReportsNoMaximum() throws Exception {
    RateRamp.Result result = new RateRamp(5_000, 2_500, 100_000).run(rate -> false);

    assertThat(result.maximum()).isZero();
    assertThat(result.steps()).hasSize(2);
  }

  @Test
  void refusesARampThatCannotClimb() {
    assertThatThrownBy(() -> new RateRamp(5_000, 0, 100_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step > 0");
    assertThatThrownBy(() -> new RateRamp(5_000, 1_000, 4_000))
        .hasMessageContaining("start <= limit");
  }
}
