package dev.fatigueguard.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void countsOnlyTheStreamThreadsOfItsOwnApplication() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    Thread mine = burner("app-1-4f1c-StreamThread-1", 30, finish);
    Thread otherApp = burner("app-10-4f1c-StreamThread-1", 150, finish);
    Thread notAStreamThread = burner("app-1-4f1c-StreamThread-1-producer", 150, finish);
    Thread[] all = {mine, otherApp, notAStreamThread};
    try {
      for (Thread t : all) {
        t.start();
      }
      waitUntilParked(all);

      CpuMeter.Reading reading = new CpuMeter("app-1").read();

      long mineNanos = THREADS.getThreadCpuTime(mine.getId());
      assertThat(mineNanos).isGreaterThanOrEqualTo(30_000_000L);
      // Parked threads use no CPU between the two reads, so only scheduling noise separates them;
      // counting either of the other threads would add 150 ms.
      assertThat(reading.streamThreadNanos())
          .isBetween(mineNanos - 5_000_000L, mineNanos + 5_000_000L);
      assertThat(reading.processNanos()).isGreaterThan(reading.streamThreadNanos());
    } finally {
      finish.countDown();
      for (Thread t : all) {
        t.join();
      }
    }
  }

  /** A thread that burns {@code millis} of its own CPU time, then parks until {@code finish}. */
  private static Thread burner(String name, long millis, CountDownLatch finish) {
    Thread t =
        new Thread(
            () -> {
              long until = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000L;
              long sink = 0;
              while (THREADS.getCurrentThreadCpuTime() < until) {
                sink += System.nanoTime() % 7;
              }
              if (sink == 42) {
                System.out.print("");
              }
              try {
                finish.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  private static void waitUntilParked(Thread... threads) throws InterruptedException {
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING) {
        Thread.sleep(5);
      }
    }
  }
}
