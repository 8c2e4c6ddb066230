package dev.fatigueguard.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time used so far by one Streams client's stream threads and by the whole process (broker,
 * producers' network threads, GC and JIT included). Records per second swing with everything else
 * on a shared machine; CPU time per record is what one record costs, and moves far less between
 * runs.
 */
public final class CpuMeter {

  /** Nanoseconds of CPU: the client's stream threads, and the whole JVM. */
  public record Reading(long streamThreadNanos, long processNanos) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String streamThreadPrefix;

  /** Stream threads of the client whose application.id is {@code applicationId}. */
  public CpuMeter(String applicationId) {
    this.streamThreadPrefix = applicationId + "-";
  }

  public Reading read() {
    long streams = 0;
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids, 0);
    for (int i = 0; i < ids.length; i++) {
      ThreadInfo info = infos[i];
      // Kafka Streams names them <application.id>-<client uuid>-StreamThread-<n>.
      if (info != null
          && info.getThreadName().startsWith(streamThreadPrefix)
          && info.getThreadName().matches(".*-StreamThread-\\d+")) {
        long nanos = THREADS.getThreadCpuTime(ids[i]);
        streams += Math.max(nanos, 0);
      }
    }
    return new Reading(streams, processCpuNanos());
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
