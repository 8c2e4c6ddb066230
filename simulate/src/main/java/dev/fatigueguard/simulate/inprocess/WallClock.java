package dev.fatigueguard.simulate.inprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.Punctuator;

/**
 * The wall clock of an in-process guard, shared by all its processors, and the wall-clock
 * punctuations they scheduled. It moves only when the replay says so; punctuations then fire as
 * Kafka Streams fires them: the first one interval after they were scheduled, each once with the
 * current time however many of its intervals passed, and next at the first point of its grid (first
 * run + k × interval) after now.
 */
final class WallClock {

  /** A punctuation and when it runs next. */
  private static final class Schedule implements Cancellable {
    final long interval;
    final Punctuator punctuator;
    long next;
    boolean cancelled;

    Schedule(long interval, Punctuator punctuator, long next) {
      this.interval = interval;
      this.punctuator = punctuator;
      this.next = next;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final List<Schedule> schedules = new ArrayList<>();
  private long now;

  WallClock(long start) {
    this.now = start;
  }

  long now() {
    return now;
  }

  Cancellable schedule(Duration interval, Punctuator punctuator) {
    Schedule schedule = new Schedule(interval.toMillis(), punctuator, now + interval.toMillis());
    schedules.add(schedule);
    return schedule;
  }

  /** Moves the clock to {@code time} (never back) and runs the punctuations that are due. */
  void advanceTo(long time) {
    if (time < now) {
      return;
    }
    now = time;
    // Punctuations scheduled by a punctuation wait for the next move of the clock.
    int scheduled = schedules.size();
    for (int i = 0; i < scheduled; i++) {
      Schedule s = schedules.get(i);
      if (s.cancelled || s.next > time) {
        continue;
      }
      s.punctuator.punctuate(time);
      s.next +=
          ((time - s.next) / s.interval + 1) * s.interval; // stays on the grid of its first run
    }
  }
}
