package dev.fatigueguard.demo;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.traffic.TrafficDriver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The live console: every few seconds a block of what was sent and decided since the previous one,
 * read back from the decision log, until the traffic's time is up or a stop is requested.
 */
final class Dashboard {

  private static final Duration EVERY = Duration.ofSeconds(5);

  private final DecisionTally tally;
  private final TrafficDriver traffic;
  private final GuardApplication guard;
  private final PrintWriter out;

  Dashboard(DecisionTally tally, TrafficDriver traffic, GuardApplication guard, PrintWriter out) {
    this.tally = tally;
    this.traffic = traffic;
    this.guard = guard;
    this.out = out;
  }

  /** Prints until {@code duration} after {@code sendingSince} (a nanoTime) or a stop request. */
  void run(long sendingSince, Duration duration, GracefulStop stop) throws InterruptedException {
    long deadline = sendingSince + duration.toNanos();
    DemoReport previous = tally.snapshot(Duration.ZERO, Map.of(), 0);
    // Frames at fixed times since sending began (5 s, 10 s, ...), so the time a frame takes to
    // read and print does not push every later frame back.
    long nextFrame = sendingSince + EVERY.toNanos();
    while (true) {
      long waitNanos = Math.min(nextFrame - System.nanoTime(), deadline - System.nanoTime());
      if (stop.awaitRequest(Duration.ofNanos(Math.max(0, waitNanos)))) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        return;
      }
      // A frame that took longer than the interval skips the times it missed.
      while (nextFrame - System.nanoTime() <= 0) {
        nextFrame += EVERY.toNanos();
      }
      DemoReport now =
          tally.snapshot(
              Duration.ofNanos(System.nanoTime() - sendingSince),
              traffic.sentBySender(),
              traffic.acknowledged());
      KafkaStreams.State state = guard.streams().state();
      out.print(now.live(previous));
      if (state != KafkaStreams.State.RUNNING) {
        out.printf("  guard state: %s%n", state);
      }
      out.println();
      out.flush();
      previous = now;
    }
  }
}
