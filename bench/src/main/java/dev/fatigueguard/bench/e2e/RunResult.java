package dev.fatigueguard.bench.e2e;

/**
 * One timed run: {@code records} processed in {@code seconds} between the group's first commit and
 * the commit that covered the whole input. Start-up (group join, producer fencing, global store load)
 * and the first commit interval are left out for both topologies alike; they are one-offs, not a rate.
 */
public record RunResult(int partitions, String guarantee, int repeat, String topology, long records,
    double seconds, long suppressed) {

  public double recordsPerSecond() {
    return records / seconds;
  }

  public static String csvHeader() {
    return "partitions,guarantee,repeat,topology,records,seconds,records_per_s,suppressed";
  }

  public String csv() {
    return String.format(java.util.Locale.ROOT, "%d,%s,%d,%s,%d,%.3f,%.0f,%d", partitions, guarantee, repeat,
        topology, records, seconds, recordsPerSecond(), suppressed);
  }
}
