package dev.fatigueguard.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The summary as a plain-text table: one column per scenario and, when two policies are compared, a
 * Δ column (second minus first) for every count. The same sections feed the HTML report.
 */
public final class SummaryTable {

  /** A titled group of rows. */
  public record Section(String title, List<Row> rows) {}

  /** One line of the table; {@code delta} is empty when there is nothing to subtract. */
  public record Row(String label, List<String> cells, String delta) {}

  private SummaryTable() {}

  public static String render(List<Scenario> scenarios) {
    List<Section> sections = sections(scenarios);
    int labelWidth = 8;
    int cellWidth = 10;
    for (Scenario s : scenarios) {
      cellWidth = Math.max(cellWidth, s.name().length());
    }
    for (Section section : sections) {
      labelWidth = Math.max(labelWidth, section.title().length());
      for (Row row : section.rows()) {
        labelWidth = Math.max(labelWidth, row.label().length() + 2);
        for (String cell : row.cells()) {
          cellWidth = Math.max(cellWidth, cell.length());
        }
      }
    }
    boolean compare = scenarios.size() > 1;
    StringBuilder out = new StringBuilder();
    for (Section section : sections) {
      out.append(pad(section.title(), labelWidth));
      for (Scenario s : scenarios) {
        out.append("  ").append(leftPad(s.name(), cellWidth));
      }
      if (compare) {
        out.append("  ").append(leftPad("Δ", 9));
      }
      out.append('\n');
      for (Row row : section.rows()) {
        out.append(pad("  " + row.label(), labelWidth));
        for (String cell : row.cells()) {
          out.append("  ").append(leftPad(cell, cellWidth));
        }
        if (compare) {
          out.append("  ").append(leftPad(row.delta(), 9));
        }
        out.append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  public static List<Section> sections(List<Scenario> scenarios) {
    List<Summary> s = scenarios.stream().map(Scenario::summary).toList();
    List<Section> sections = new ArrayList<>();

    List<Row> totals = new ArrayList<>();
    totals.add(count("input lines", s, Summary::inputLines));
    totals.add(count("unreadable (INVALID)", s, Summary::unreadable));
    totals.add(count("messages replayed", s, Summary::messages));
    totals.add(count("APPROVED", s, Summary::approved));
    totals.add(count("DELAYED (held at least once)", s, Summary::delayed));
    totals.add(count("RELEASED", s, Summary::released));
    totals.add(count("DROPPED (incl. unreadable)", s, Summary::dropped));
    totals.add(count("still held at end", s, Summary::heldAtEnd));
    totals.add(count("delivered (approved + released)", s, Summary::delivered));
    sections.add(new Section("Decisions", totals));

    List<Row> reasons = new ArrayList<>();
    for (String reason : keys(s, Summary::byReason)) {
      for (int kind : new int[] {Summary.REASON_DELAYED, Summary.REASON_DROPPED}) {
        Row row =
            count(
                reason + (kind == Summary.REASON_DELAYED ? " delayed" : " dropped"),
                s,
                x -> x.byReason().containsKey(reason) ? x.byReason().get(reason)[kind] : 0);
        if (!row.cells().stream().allMatch("0"::equals)) {
          reasons.add(row);
        }
      }
    }
    sections.add(new Section("By reason (messages)", reasons));

    List<Row> channels = new ArrayList<>();
    String[] kinds = {"input", "approved", "released", "delayed", "dropped"};
    for (String channel : keys(s, Summary::byChannel)) {
      for (int k = 0; k < kinds.length; k++) {
        int kind = k;
        channels.add(
            count(
                channel + " " + kinds[k],
                s,
                x -> x.byChannel().containsKey(channel) ? x.byChannel().get(channel)[kind] : 0));
      }
    }
    sections.add(new Section("By channel (messages)", channels));

    List<Row> contacts = new ArrayList<>();
    contacts.add(text("customers", s, x -> Long.toString(x.before().count())));
    contacts.add(
        text(
            "mean  before → after",
            s,
            x -> String.format(Locale.ROOT, "%.2f → %.2f", x.before().mean(), x.after().mean())));
    contacts.add(text("p50   before → after", s, x -> x.before().p50() + " → " + x.after().p50()));
    contacts.add(text("p95   before → after", s, x -> x.before().p95() + " → " + x.after().p95()));
    contacts.add(text("max   before → after", s, x -> x.before().max() + " → " + x.after().max()));
    sections.add(new Section("Contacts per customer", contacts));

    List<Row> rules = new ArrayList<>();
    for (String rule : keys(s, Summary::ruleHits)) {
      rules.add(count(rule, s, x -> x.ruleHits().getOrDefault(rule, 0)));
    }
    sections.add(new Section("Customers held or dropped, by rule", rules));

    List<Row> delays = new ArrayList<>();
    delays.add(count("released messages", s, x -> x.delays().count()));
    delays.add(duration("p50", s, x -> x.delays().p50()));
    delays.add(duration("p95", s, x -> x.delays().p95()));
    delays.add(duration("max", s, x -> x.delays().max()));
    sections.add(new Section("Delay (released - created)", delays));
    return sections;
  }

  /** The keys of one of the summaries' maps, across all of them, sorted (the rows of a section). */
  static TreeSet<String> keys(List<Summary> s, Function<Summary, java.util.Map<String, ?>> map) {
    TreeSet<String> keys = new TreeSet<>();
    s.forEach(x -> keys.addAll(map.apply(x).keySet()));
    return keys;
  }

  private static Row count(String label, List<Summary> s, ToLongFunction<Summary> value) {
    List<String> cells = s.stream().map(x -> Long.toString(value.applyAsLong(x))).toList();
    String delta =
        s.size() < 2 ? "" : signed(value.applyAsLong(s.get(1)) - value.applyAsLong(s.get(0)));
    return new Row(label, cells, delta);
  }

  private static Row duration(String label, List<Summary> s, ToLongFunction<Summary> millis) {
    List<String> cells = s.stream().map(x -> duration(millis.applyAsLong(x))).toList();
    String delta = "";
    if (s.size() >= 2) {
      long d = millis.applyAsLong(s.get(1)) - millis.applyAsLong(s.get(0));
      delta = (d < 0 ? "-" : d > 0 ? "+" : "") + duration(Math.abs(d));
    }
    return new Row(label, cells, delta);
  }

  private static Row text(String label, List<Summary> s, Function<Summary, String> value) {
    return new Row(label, s.stream().map(value).toList(), "");
  }

  private static String signed(long v) {
    return v > 0 ? "+" + v : Long.toString(v);
  }

  /** 0s, 45s, 12m 5s, 3h 20m, 2d 4h: the two largest units are enough to compare delays. */
  static String duration(long millis) {
    long s = millis / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m " + s % 60 + "s";
    }
    if (s < 86400) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    return s / 86400 + "d " + s % 86400 / 3600 + "h";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String leftPad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
