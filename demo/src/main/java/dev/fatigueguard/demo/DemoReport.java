package dev.fatigueguard.demo;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What the demo saw at one moment: what the senders sent, and what the guard decided as read back
 * from its decision log and DLQ. Both the live dashboard and the final report are renderings of it,
 * and tests assert on it.
 *
 * @param elapsed time since the senders started
 * @param sentBySender records handed to the producer, by sending system
 * @param inputAcknowledged of those, records the broker acknowledged
 * @param decisions decision events by kind (a message held twice has two DELAYED events)
 * @param dropped DROPPED events by reason
 * @param delayed DELAYED events by the reason the message was held
 * @param channels decision events by channel and kind
 * @param heldMessages distinct messages that were held at least once
 * @param heldNow messages held and not yet released or dropped
 * @param releasedAfterHold RELEASED events (each ends one hold)
 * @param meanHold mean time from first hold to release
 * @param longestHold longest time from first hold to release
 * @param droppedAfterHold held messages that were dropped in the end, by reason
 * @param dlqReasons DLQ records by the kind of problem (the reason header up to its colon)
 * @param unreadableDecisions decision records the dashboard could not read (should stay 0)
 */
public record DemoReport(
    Duration elapsed,
    Map<String, Long> sentBySender,
    long inputAcknowledged,
    Map<Decision, Long> decisions,
    Map<DropReason, Long> dropped,
    Map<DropReason, Long> delayed,
    Map<Channel, Map<Decision, Long>> channels,
    long heldMessages,
    long heldNow,
    long releasedAfterHold,
    Duration meanHold,
    Duration longestHold,
    Map<DropReason, Long> droppedAfterHold,
    Map<String, Long> dlqReasons,
    long unreadableDecisions) {

  /** The reasons the demo is designed to show; always listed, so a zero stands out. */
  static final List<DropReason> SHOWN_REASONS =
      List.of(
          DropReason.CAP_EXCEEDED,
          DropReason.QUIET_HOURS,
          DropReason.OPTED_OUT,
          DropReason.SNOOZED,
          DropReason.EXPIRED,
          DropReason.DUPLICATE);

  private static final List<Decision> SHOWN_DECISIONS =
      List.of(Decision.APPROVED, Decision.DELAYED, Decision.RELEASED, Decision.DROPPED);

  public DemoReport {
    sentBySender = Map.copyOf(sentBySender);
    decisions = copy(decisions, Decision.class);
    dropped = copy(dropped, DropReason.class);
    delayed = copy(delayed, DropReason.class);
    channels = channels.isEmpty() ? Map.of() : new EnumMap<>(channels);
    droppedAfterHold = copy(droppedAfterHold, DropReason.class);
    dlqReasons = Map.copyOf(dlqReasons);
  }

  /** The report of a run stopped before any traffic was sent. */
  static DemoReport empty() {
    return new DemoReport(
        Duration.ZERO,
        Map.of(),
        0,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        0,
        0,
        0,
        Duration.ZERO,
        Duration.ZERO,
        Map.of(),
        Map.of(),
        0);
  }

  private static <E extends Enum<E>> Map<E, Long> copy(Map<E, Long> map, Class<E> type) {
    Map<E, Long> copy = new EnumMap<>(type);
    copy.putAll(map);
    return java.util.Collections.unmodifiableMap(copy);
  }

  public long count(Decision decision) {
    return decisions.getOrDefault(decision, 0L);
  }

  public long dropped(DropReason reason) {
    return dropped.getOrDefault(reason, 0L);
  }

  public long inputSent() {
    return sentBySender.values().stream().mapToLong(Long::longValue).sum();
  }

  public long totalDecisions() {
    return decisions.values().stream().mapToLong(Long::longValue).sum();
  }

  public long dlq() {
    return dlqReasons.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One status line and the table, with rates measured since {@code previous}. */
  String live(DemoReport previous) {
    double seconds = Math.max(0.001, (elapsed.toMillis() - previous.elapsed.toMillis()) / 1000.0);
    double inputRate = (inputSent() - previous.inputSent()) / seconds;
    double decisionRate = (totalDecisions() - previous.totalDecisions()) / seconds;
    return String.format(
            Locale.ROOT,
            "[%s]  input %,7.1f/s %,9d sent   decisions %,7.1f/s %,9d   held now %,6d   DLQ %,d%n",
            clock(elapsed),
            inputRate,
            inputSent(),
            decisionRate,
            totalDecisions(),
            heldNow,
            dlq())
        + table();
  }

  /** Decisions, drop reasons and channels side by side. */
  String table() {
    List<String> left = new ArrayList<>();
    left.add(String.format(Locale.ROOT, "%-9s %9s", "decision", "events"));
    SHOWN_DECISIONS.forEach(d -> left.add(String.format(Locale.ROOT, "%-9s %,9d", d, count(d))));
    if (count(Decision.UNKNOWN) > 0) {
      left.add(String.format(Locale.ROOT, "%-9s %,9d", Decision.UNKNOWN, count(Decision.UNKNOWN)));
    }

    List<String> middle = new ArrayList<>();
    middle.add(String.format(Locale.ROOT, "%-13s %9s", "dropped as", "events"));
    for (DropReason reason : DropReason.values()) {
      if (SHOWN_REASONS.contains(reason) || dropped(reason) > 0) {
        middle.add(String.format(Locale.ROOT, "%-13s %,9d", reason, dropped(reason)));
      }
    }

    List<String> right = new ArrayList<>();
    right.add(
        String.format(
            Locale.ROOT,
            "%-8s %9s %9s %9s %9s",
            "channel",
            "approved",
            "delayed",
            "released",
            "dropped"));
    channels.forEach(
        (channel, counts) ->
            right.add(
                String.format(
                    Locale.ROOT,
                    "%-8s %,9d %,9d %,9d %,9d",
                    channel,
                    counts.getOrDefault(Decision.APPROVED, 0L),
                    counts.getOrDefault(Decision.DELAYED, 0L),
                    counts.getOrDefault(Decision.RELEASED, 0L),
                    counts.getOrDefault(Decision.DROPPED, 0L))));

    StringBuilder out = new StringBuilder();
    int rows = Math.max(left.size(), Math.max(middle.size(), right.size()));
    for (int i = 0; i < rows; i++) {
      String line =
          String.format(
              Locale.ROOT, "  %-19s   %-23s   %s", cell(left, i), cell(middle, i), cell(right, i));
      out.append(line.stripTrailing()).append(System.lineSeparator());
    }
    return out.toString();
  }

  /** The closing summary: totals, what happened to held messages, the DLQ. */
  String finalReport() {
    StringBuilder out = new StringBuilder();
    double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
    out.append(
        String.format(
            Locale.ROOT,
            "  input      %,d records in %s (%,.1f/s), %,d acknowledged: %s%n",
            inputSent(),
            clock(elapsed),
            inputSent() / seconds,
            inputAcknowledged,
            joined(new TreeMap<>(sentBySender))));
    out.append(
        String.format(
            Locale.ROOT,
            "  decisions  %,d events (%,.1f/s)%n",
            totalDecisions(),
            totalDecisions() / seconds));
    out.append(table());
    out.append(
        String.format(
            Locale.ROOT,
            "  held       %,d messages held at least once; %,d holds, by reason: %s%n",
            heldMessages,
            // A message can be held more than once (re-held at release), so the reasons count
            // holds, and their sum can be larger than the messages.
            delayed.values().stream().mapToLong(Long::longValue).sum(),
            delayed.isEmpty() ? "-" : joined(delayed)));
    out.append(
        String.format(
            Locale.ROOT,
            "  released   %,d after a hold; mean hold %s, longest %s%n",
            releasedAfterHold,
            seconds(meanHold),
            seconds(longestHold)));
    long droppedHeld = droppedAfterHold.values().stream().mapToLong(Long::longValue).sum();
    out.append(
        String.format(
            Locale.ROOT,
            "  dropped    %,d after a hold: %s%n",
            droppedHeld,
            droppedAfterHold.isEmpty() ? "-" : joined(droppedAfterHold)));
    out.append(String.format(Locale.ROOT, "  still held %,d%n", heldNow));
    out.append(
        String.format(
            Locale.ROOT,
            "  DLQ        %,d records%s%n",
            dlq(),
            dlqReasons.isEmpty() ? "" : ": " + joined(new TreeMap<>(dlqReasons))));
    if (unreadableDecisions > 0) {
      out.append(
          String.format(Locale.ROOT, "  unreadable decision records: %,d%n", unreadableDecisions));
    }
    return out.toString();
  }

  private static String cell(List<String> column, int row) {
    return row < column.size() ? column.get(row) : "";
  }

  private static String joined(Map<?, Long> counts) {
    StringJoiner joiner = new StringJoiner(", ");
    counts.forEach((k, v) -> joiner.add(String.format(Locale.ROOT, "%s %,d", k, v)));
    return joiner.toString();
  }

  static String clock(Duration d) {
    return String.format(Locale.ROOT, "%02d:%02d", d.toMinutes(), d.toSecondsPart());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
