package dev.fatigueguard.bench.e2e;

/**
 * One timed run: {@code records} processed in {@code seconds} between the group's first commit and
 * the commit that covered the whole input. Start-up (group join, producer fencing, global store
 * load) and the first commit interval are left out for both topologies alike; they are one-offs,
 * not a rate. {@code streamThreadCpuMicros} and {@code processCpuMicros} are CPU microseconds per
 * record over the same interval: of the client's stream threads, and of the whole process (broker
 * included).
 */
public record RunResult(
    int partitions,
    String guarantee,
    int repeat,
    String topology,
    long records,
    double seconds,
    long suppressed,
    double streamThreadCpuMicros,
    double processCpuMicros) {

  public double recordsPerSecond() {
    return records / seconds;
  }

  public static String csvHeader() {
    return "partitions,guarantee,repeat,topology,records,seconds,records_per_s,suppressed,"
        + "stream_thread_cpu_us_per_record,process_cpu_us_per_record";
  }

  public String csv() {
    return String.format(
        java.util.Locale.ROOT,
        "%d,%s,%d,%s,%d,%.3f,%.0f,%d,%.2f,%.2f",
        partitions,
        guarantee,
        repeat,
        topology,
        records,
        seconds,
        recordsPerSecond(),
        suppressed,
        streamThreadCpuMicros,
        processCpuMicros);
  }
}
