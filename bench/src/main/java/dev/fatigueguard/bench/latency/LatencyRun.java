package dev.fatigueguard.bench.latency;

import java.util.Arrays;
import java.util.Locale;

/**
 * One measured run of the latency benchmark: how long approved messages took from their send to the
 * broker's append and to a read_committed reader, and how far behind the guard was when the sender
 * stopped.
 *
 * @param guarantee the guard's processing.guarantee
 * @param rate messages per second sent
 * @param toAppend milliseconds from send to the approved record's append, one per approved message
 *     measured (sorted)
 * @param toReader milliseconds from send to the read_committed reader (sorted)
 * @param backlog input records the guard had not committed when the sender stopped
 * @param sent messages the sender sent, warm-up included
 * @param decided decisions a read_committed reader found on the audit topic afterwards: exactly one
 *     per message sent, whatever the producers retried
 */
public record LatencyRun(
    String guarantee,
    int rate,
    long[] toAppend,
    long[] toReader,
    long backlog,
    long sent,
    long decided) {

  /** Sorts copies of the first {@code n} samples of each array. */
  public static LatencyRun of(
      String guarantee,
      int rate,
      long[] toAppend,
      long[] toReader,
      int n,
      long backlog,
      long sent,
      long decided) {
    long[] append = Arrays.copyOf(toAppend, n);
    long[] reader = Arrays.copyOf(toReader, n);
    Arrays.sort(append);
    Arrays.sort(reader);
    return new LatencyRun(guarantee, rate, append, reader, backlog, sent, decided);
  }

  /** One decision per message sent, no more, no fewer. */
  public boolean oneDecisionEach() {
    return decided == sent;
  }

  public int measured() {
    return toReader.length;
  }

  /**
   * Kept up: something was measured, and what was left when the sender stopped is no more than half
   * a second of traffic. A guard that keeps up has about what arrived since its last commit (a
   * tenth of a second at the default commit interval); one that falls behind keeps a backlog that
   * grows for as long as the run lasts.
   */
  public boolean sustained() {
    return measured() > 0 && backlog <= rate / 2;
  }

  /** The p99 from send to the read_committed reader, in ms; -1 if nothing was measured. */
  public long readerP99() {
    return quantile(toReader, 0.99);
  }

  /** A row of the benchmark's table. */
  public String row() {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %s | %s | %s | %d / %d%s |",
        guarantee,
        rate,
        measured(),
        percentiles(toAppend),
        percentiles(toReader),
        backlogCell(),
        decided,
        sent,
        oneDecisionEach() ? "" : " (NOT ONE EACH)");
  }

  private String backlogCell() {
    if (backlog == Long.MAX_VALUE) {
      return "sender overran its window";
    }
    return sustained() ? Long.toString(backlog) : backlog + " (fell behind)";
  }

  /** The value at {@code q} of sorted {@code values} (nearest rank); -1 if empty. */
  static long quantile(long[] values, double q) {
    if (values.length == 0) {
      return -1;
    }
    return values[Math.min(values.length - 1, (int) (values.length * q))];
  }

  private static String percentiles(long[] sorted) {
    if (sorted.length == 0) {
      return "n/a";
    }
    return quantile(sorted, 0.5) + " / " + quantile(sorted, 0.99) + " / " + quantile(sorted, 0.999);
  }
}
