package dev.fatigueguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentMessageIdsTest {

  private static final long DAY = 86_400_000L;

  @Test
  void anIdCountsAsSeenOnlyWhileItsFirstSightingIsInsideTheWindow() {
    RecentMessageIds ids = new RecentMessageIds();
    ids.add("m1", 1_000);

    assertThat(ids.seenAfter("m1", 1_000 - DAY)).isTrue();
    assertThat(ids.seenAfter("m1", 999)).isTrue();
    assertThat(ids.seenAfter("m1", 1_000)).as("window start is exclusive").isFalse();
    assertThat(ids.seenAfter("m2", 0)).isFalse();
  }

  @Test
  void forgettingDropsExactlyTheIdsAtOrBeforeTheCutoff() {
    RecentMessageIds ids = new RecentMessageIds();
    for (int i = 0; i < 10; i++) {
      ids.add("m" + i, i * 100L);
    }
    assertThat(ids.forgetUpTo(450)).isEqualTo(5);
    assertThat(ids.size()).isEqualTo(5);
    assertThat(ids.id(0)).isEqualTo("m5");
    assertThat(ids.seenAfter("m4", Long.MIN_VALUE)).isFalse();
    assertThat(ids.seenAfter("m9", 450)).isTrue();
    assertThat(ids.forgetUpTo(0)).isZero();
  }

  @Test
  void aHeldMessagesIdOutlivesTheWindowUntilItIsNoLongerHeld() {
    RecentMessageIds ids = new RecentMessageIds();
    ids.add("held", 100);
    ids.add("other", 200);
    ids.setHeld("held", true);

    assertThat(ids.forgetUpTo(10 * DAY)).isEqualTo(1);
    assertThat(ids.size()).isEqualTo(1);
    assertThat(ids.seenAfter("held", 10 * DAY)).as("held, so still a duplicate").isTrue();

    ids.setHeld("held", false);
    assertThat(ids.seenAfter("held", 10 * DAY)).isFalse();
    assertThat(ids.forgetUpTo(10 * DAY)).isEqualTo(1);
    assertThat(ids.size()).isZero();
    ids.setHeld("never-seen", true); // ignored
    assertThat(ids.size()).isZero();
  }

  @Test
  void lateSightingsAreKeptInTimeOrder() {
    RecentMessageIds ids = new RecentMessageIds();
    ids.add("late", 500);
    ids.add("early", 100);
    ids.add("middle", 300);

    assertThat(ids.id(0)).isEqualTo("early");
    assertThat(ids.id(1)).isEqualTo("middle");
    assertThat(ids.id(2)).isEqualTo("late");
    assertThat(ids.forgetUpTo(300)).isEqualTo(2);
    assertThat(ids.id(0)).isEqualTo("late");
  }
}
