package dev.fatigueguard.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Ctrl-C (SIGINT/SIGTERM) for the demo: a JVM shutdown hook asks the run to stop, then keeps the
 * JVM alive until the run has printed its report and closed everything, since exiting at once would
 * cut it off mid-way. Every wait of the run goes through here, so a stop request ends it promptly.
 */
final class GracefulStop implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private GracefulStop(Duration grace, PrintWriter err, Runnable lastResort) {
    this.hook = new Thread(() -> onSignal(grace, err, lastResort), "fatigue-guard-demo-shutdown");
  }

  /**
   * Installs the hook. If the run has not finished within {@code grace} of the signal, something is
   * stuck on the vanished broker (a blocking send): the JVM exits anyway, after {@code lastResort}
   * has tidied up what it can.
   */
  static GracefulStop install(Duration grace, PrintWriter err, Runnable lastResort) {
    GracefulStop stop = new GracefulStop(grace, err, lastResort);
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  private void onSignal(Duration grace, PrintWriter err, Runnable lastResort) {
    DemoLogging.quietKafkaClients();
    requested.countDown();
    try {
      if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        err.printf("fatigue-guard demo: did not stop within %d s, exiting%n", grace.toSeconds());
        err.flush();
        lastResort.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean requested() {
    return requested.getCount() == 0;
  }

  /** Sleeps up to {@code timeout}; true as soon as a stop is requested. */
  boolean awaitRequest(Duration timeout) throws InterruptedException {
    return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Polls until the condition holds: true then, false if a stop was requested first, an {@link
   * IllegalStateException} naming {@code what} after {@code timeout}.
   */
  boolean until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (awaitRequest(POLL)) {
        return false;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
    }
    return true;
  }

  /** The run is over: releases a waiting hook, or removes the hook if no signal came. */
  @Override
  public void close() {
    finished.countDown();
    if (!requested()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The signal came just now: the hook runs, sees the run finished and returns at once.
      }
    }
  }
}
