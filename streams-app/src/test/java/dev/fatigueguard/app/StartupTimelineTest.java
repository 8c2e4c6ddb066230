package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupTimelineTest {

  @Test
  void stepsAreListedInTheOrderReachedEachOnlyTheFirstTime() {
    StartupTimeline timeline = StartupTimeline.ofThisProcess();
    timeline.reached(StartupTimeline.CONFIG);
    timeline.reached(StartupTimeline.PREFLIGHT);
    timeline.reached(StartupTimeline.CONFIG);

    assertThat(timeline.summary())
        .matches("jvm=\\d+( main=\\d+)? config=\\d+ preflight=\\d+")
        .containsOnlyOnce("config=");
  }

  @Test
  void laterStepsAreNeverEarlierThanTheJvmStart() {
    StartupTimeline timeline = StartupTimeline.ofThisProcess();
    timeline.reached(StartupTimeline.BUILT);

    String[] steps = timeline.summary().split(" ");
    long jvm = Long.parseLong(steps[0].substring("jvm=".length()));
    long built = Long.parseLong(steps[steps.length - 1].substring("built=".length()));
    assertThat(jvm).isNotNegative();
    assertThat(built).isGreaterThanOrEqualTo(jvm);
  }

  @Test
  void aGuardStartedInsideAnotherProgramRecordsNothing() {
    StartupTimeline timeline = StartupTimeline.none();
    timeline.reached(StartupTimeline.START);
    timeline.reached(StartupTimeline.DECIDED);

    assertThat(timeline.summary()).isEmpty();
  }
}
