package dev.fatigueguard.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Cap counting on ledgers in any order, against brute force over every single window. Times are in
 * minutes so that every window start can be tried.
 */
class CapWindowsProperties {

  private static final long MINUTE = 60_000L;

  /**
   * The most contacts in any window [s, s + w) with s in (t - w, t], trying every minute-aligned s.
   */
  private static int bruteForceUsed(List<Integer> minutes, long t, long w) {
    int best = 0;
    for (long s = t - w + MINUTE; s <= t; s += MINUTE) {
      int count = 0;
      for (int m : minutes) {
        long at = m * MINUTE;
        if (at >= s && at < s + w) {
          count++;
        }
      }
      best = Math.max(best, count);
    }
    return best;
  }

  private static ContactLedger ledgerOf(List<Integer> minutes) {
    ContactLedger ledger = new ContactLedger();
    for (int m : minutes) {
      ledger.record(m * MINUTE, "EMAIL", "MARKETING", Set.of());
    }
    return ledger;
  }

  @Property(tries = 400)
  void usedAroundIsTheFullestWindowContainingTheInstant(
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 120) Integer> minutes,
      @ForAll @IntRange(min = 1, max = 40) int windowMinutes,
      @ForAll @IntRange(min = 0, max = 120) int tMinute) {
    Cap cap = new Cap("c", 3, Duration.ofMinutes(windowMinutes), Scope.ALL);
    long t = tMinute * MINUTE;

    assertThat(CapWindows.usedAround(cap, ledgerOf(minutes), t))
        .isEqualTo(bruteForceUsed(minutes, t, windowMinutes * MINUTE));
  }

  @Property(tries = 400)
  void earliestRoomIsTheFirstInstantWithRoom(
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 120) Integer> minutes,
      @ForAll @IntRange(min = 1, max = 40) int windowMinutes,
      @ForAll @IntRange(min = 1, max = 4) int max,
      @ForAll @IntRange(min = 0, max = 120) int fromMinute) {
    Cap cap = new Cap("c", max, Duration.ofMinutes(windowMinutes), Scope.ALL);
    long w = windowMinutes * MINUTE;
    long expected = -1;
    for (long t = fromMinute * MINUTE; expected < 0; t += MINUTE) {
      if (bruteForceUsed(minutes, t, w) < max) {
        expected = t;
      }
    }

    assertThat(CapWindows.earliestRoom(cap, ledgerOf(minutes), fromMinute * MINUTE))
        .isEqualTo(expected);
  }
}
