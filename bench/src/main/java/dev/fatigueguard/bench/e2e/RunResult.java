package dev.fatigueguard.bench.e2e;

/**
 * One timed run: {@code seconds} from the Streams client reaching RUNNING until its group had
 * committed every input record. Start-up (group join, producer fencing, global store load) is left
 * out for both topologies alike; it is a one-off, not a rate.
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
