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
    while (true) {
      long waitNanos = Math.min(EVERY.toNanos(), deadline - System.nanoTime());
      if (waitNanos <= 0 || stop.awaitRequest(Duration.ofNanos(waitNanos))) {
        return;
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
