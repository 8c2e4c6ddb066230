package dev.fatigueguard.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyRunTest {

  /** 1..1000 ms in reverse order, so that the run has to sort them. */
  private static final long[] ONE_TO_A_THOUSAND =
      LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray();

  @Test
  void percentilesAreNearestRanksOfTheMeasuredSamplesOnly() {
    long[] withUnusedTail = new long[1200];
    System.arraycopy(ONE_TO_A_THOUSAND, 0, withUnusedTail, 0, 1000);

    LatencyRun run =
        LatencyRun.of(
            "exactly_once_v2", 10_000, withUnusedTail, withUnusedTail, 1000, 0, 1500, 1500);

    assertThat(run.measured()).isEqualTo(1000);
    assertThat(run.readerP99()).isEqualTo(991);
    assertThat(run.row())
        .isEqualTo(
            "| exactly_once_v2 | 10000 | 1000 | 501 / 991 / 1000 | 501 / 991 / 1000 | 0 | 1500 / 1500 |");
  }

  @Test
  void keepsUpWhileTheBacklogIsAtMostHalfASecondOfTraffic() {
    assertThat(run(5_000).sustained()).isTrue();
    assertThat(run(5_001).sustained()).isFalse();
    assertThat(run(5_001).row()).contains("| 5001 (fell behind) |");
    assertThat(run(Long.MAX_VALUE).sustained()).isFalse();
    assertThat(run(Long.MAX_VALUE).row()).contains("| sender overran its window |");
  }

  @Test
  void aRunThatMeasuredNothingNeitherKeptUpNorHasAP99() {
    LatencyRun empty = LatencyRun.of("at_least_once", 10_000, new long[0], new long[0], 0, 0, 0, 0);

    assertThat(empty.sustained()).isFalse();
    assertThat(empty.readerP99()).isEqualTo(-1);
    assertThat(empty.row()).contains("| n/a | n/a | 0 (fell behind) |");
  }

  @Test
  void aDecisionMissingOrWrittenTwiceIsMarked() {
    assertThat(decided(1500).oneDecisionEach()).isTrue();
    assertThat(decided(1501).oneDecisionEach()).isFalse();
    assertThat(decided(1501).row()).endsWith("| 1501 / 1500 (NOT ONE EACH) |");
    assertThat(decided(1499).row()).endsWith("| 1499 / 1500 (NOT ONE EACH) |");
  }

  private static LatencyRun run(long backlog) {
    return LatencyRun.of(
        "exactly_once_v2", 10_000, ONE_TO_A_THOUSAND, ONE_TO_A_THOUSAND, 1000, backlog, 1500, 1500);
  }

  private static LatencyRun decided(long decided) {
    return LatencyRun.of(
        "exactly_once_v2", 10_000, ONE_TO_A_THOUSAND, ONE_TO_A_THOUSAND, 1000, 0, 1500, decided);
  }
}
