package dev.fatigueguard.decision;

import dev.fatigueguard.ledger.Contact;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.Scope;
import java.time.ZoneId;

/**
 * Counting a cap's contacts in rolling windows, exactly, also for ledgers whose contacts are not
 * all before the instant in question (records do arrive out of order).
 *
 * <p>A cap (max m, window w) allows a new contact at t iff every half-open window [s, s + w) that
 * contains t already holds fewer than m matching contacts. Only contacts in (t - w, t + w) can
 * share such a window with t. When the ledger holds nothing after t (the usual case) the fullest
 * such window is the trailing one, (t - w, t], and one backwards scan answers; otherwise the
 * windows that END at t or at a later contact are the candidates for the fullest one.
 *
 * <p>A calendar cap counts the matching contacts in the customer's local period (day, ISO week,
 * month) containing the instant, and has room again at the start of the first period after that has
 * fewer than max.
 */
final class CapWindows {

  /** {@link #earliestRoom} for a cap that can never have room (max 0). */
  static final long NEVER = Long.MAX_VALUE;

  private CapWindows() {}

  /** Calendar periods looked ahead at most for room; only future contacts can fill them. */
  private static final int MAX_PERIODS_AHEAD = 1_000;

  /**
   * What the cap counts at {@code t}: the fullest rolling window containing it, or the contacts in
   * the local calendar period containing it.
   */
  static int used(Cap cap, ContactLedger ledger, long t, ZoneId zone) {
    if (!cap.isCalendar()) {
      return usedAround(cap, ledger, t);
    }
    return countBetween(
        cap.scope(),
        ledger,
        CalendarPeriods.startOf(cap.period(), zone, t),
        CalendarPeriods.endOf(cap.period(), zone, t));
  }

  /** The earliest instant at or after {@code from} at which the cap has room, or {@link #NEVER}. */
  static long roomFrom(Cap cap, ContactLedger ledger, long from, ZoneId zone) {
    if (!cap.isCalendar()) {
      return earliestRoom(cap, ledger, from);
    }
    if (cap.max() <= 0) {
      return NEVER;
    }
    long t = from;
    for (int i = 0; i < MAX_PERIODS_AHEAD; i++) {
      long end = CalendarPeriods.endOf(cap.period(), zone, t);
      if (countBetween(cap.scope(), ledger, CalendarPeriods.startOf(cap.period(), zone, t), end)
          < cap.max()) {
        return t;
      }
      t = end;
    }
    return NEVER;
  }

  /**
   * When the contacts the cap counts at {@code t} stop counting, or -1 if it counts none: for a
   * rolling cap when the oldest leaves the trailing window, for a calendar cap the period's end.
   */
  static long countedUntil(Cap cap, ContactLedger ledger, long t, ZoneId zone) {
    if (!cap.isCalendar()) {
      long oldest = oldestInTrailingWindow(cap, ledger, t);
      return oldest < 0 ? -1 : oldest + cap.window().toMillis();
    }
    return used(cap, ledger, t, zone) == 0 ? -1 : CalendarPeriods.endOf(cap.period(), zone, t);
  }

  /** Matching contacts in [start, end). */
  private static int countBetween(Scope scope, ContactLedger ledger, long start, long end) {
    int count = 0;
    for (int i = ledger.size() - 1; i >= 0; i--) {
      Contact c = ledger.get(i);
      if (c.atMillis() < start) {
        break;
      }
      if (c.atMillis() < end && matches(scope, c)) {
        count++;
      }
    }
    return count;
  }

  /** The most matching contacts in any window of the cap's length that contains {@code t}. */
  static int usedAround(Cap cap, ContactLedger ledger, long t) {
    long w = cap.window().toMillis();
    int size = ledger.size();
    if (size == 0) {
      return 0;
    }
    if (ledger.newestMillis() <= t) {
      return countTrailing(cap.scope(), ledger, size - 1, t - w);
    }
    return fullestWindowAround(cap.scope(), ledger, t, w);
  }

  /**
   * The earliest instant at or after {@code from} at which the cap has room, or {@link #NEVER}.
   * Room only ever appears when a contact c leaves the windows around the candidate, i.e. at c + w,
   * so those instants are the only candidates after {@code from}.
   */
  static long earliestRoom(Cap cap, ContactLedger ledger, long from) {
    int max = cap.max();
    if (max <= 0) {
      return NEVER;
    }
    long w = cap.window().toMillis();
    Scope scope = cap.scope();
    int size = ledger.size();
    if (size == 0) {
      return from;
    }
    if (ledger.newestMillis() <= from) {
      // In order: the max-th newest matching contact in (from - w, from] must leave first.
      int seen = 0;
      for (int i = size - 1; i >= 0; i--) {
        Contact c = ledger.get(i);
        if (c.atMillis() <= from - w) {
          break;
        }
        if (matches(scope, c) && ++seen == max) {
          return c.atMillis() + w;
        }
      }
      return from;
    }
    if (fullestWindowAround(scope, ledger, from, w) < max) {
      return from;
    }
    long[] candidates = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      Contact c = ledger.get(i);
      if (c.atMillis() + w > from && matches(scope, c)) {
        candidates[n++] = c.atMillis() + w;
      }
    }
    // Ledger order is time order, so the candidates are already sorted.
    for (int i = 0; i < n; i++) {
      if ((i == 0 || candidates[i] != candidates[i - 1])
          && fullestWindowAround(scope, ledger, candidates[i], w) < max) {
        return candidates[i];
      }
    }
    // Unreachable: after the last candidate no matching contact is within w of the instant.
    return n == 0 ? from : candidates[n - 1];
  }

  /** The oldest matching contact in the trailing window (t - w, t], or -1 if there is none. */
  static long oldestInTrailingWindow(Cap cap, ContactLedger ledger, long t) {
    long w = cap.window().toMillis();
    for (int i = 0; i < ledger.size(); i++) {
      Contact c = ledger.get(i);
      if (c.atMillis() > t) {
        break;
      }
      if (c.atMillis() > t - w && matches(cap.scope(), c)) {
        return c.atMillis();
      }
    }
    return -1;
  }

  private static int countTrailing(
      Scope scope, ContactLedger ledger, int fromIndex, long exclusiveStart) {
    int count = 0;
    for (int i = fromIndex; i >= 0; i--) {
      Contact c = ledger.get(i);
      if (c.atMillis() <= exclusiveStart) {
        break;
      }
      if (matches(scope, c)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The general case: windows of length w containing t are [e - w + 1, e] (in millis) for e in [t,
   * t + w - 1]; the count only rises when e reaches a contact, so the fullest window ends at t or
   * at a matching contact after t.
   */
  private static int fullestWindowAround(Scope scope, ContactLedger ledger, long t, long w) {
    int size = ledger.size();
    long[] times = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      Contact c = ledger.get(i);
      long at = c.atMillis();
      if (at > t - w && at < t + w && matches(scope, c)) {
        times[n++] = at;
      }
    }
    if (n == 0) {
      return 0;
    }
    int best = 0;
    int left = 0;
    int right = 0;
    // Window ending at e: contacts in (e - w, e].
    long e = t;
    int next = 0;
    while (true) {
      while (right < n && times[right] <= e) {
        right++;
      }
      while (left < right && times[left] <= e - w) {
        left++;
      }
      best = Math.max(best, right - left);
      while (next < n && times[next] <= e) {
        next++;
      }
      if (next >= n) {
        return best;
      }
      e = times[next];
    }
  }

  static boolean matches(Scope scope, Contact c) {
    return scope.matches(c.channel(), c.category(), c.tags(), c.campaign());
  }
}
