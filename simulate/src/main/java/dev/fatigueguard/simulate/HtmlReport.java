package dev.fatigueguard.simulate;

import dev.fatigueguard.cli.FileProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The simulate report: one self-contained HTML page (inline CSS and SVG, no script, no external
 * URL, so it can be mailed or attached to a ticket and opened offline) with a chart per summary
 * section and the summary tables below. With {@code --compare} every chart and table shows both
 * policies.
 */
public final class HtmlReport {

  private HtmlReport() {}

  public static void write(Path file, String historyName, List<Scenario> scenarios) {
    try {
      Files.writeString(file, render(historyName, scenarios), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write report " + file + ": " + FileProblem.reason(e), e);
    }
  }

  public static String render(String historyName, List<Scenario> scenarios) {
    List<String> names = scenarios.stream().map(Scenario::name).toList();
    List<Summary> s = scenarios.stream().map(Scenario::summary).toList();
    StringBuilder html = new StringBuilder();
    String title =
        "fatigue-guard simulate: " + historyName + " under " + String.join(" vs ", names);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:60em}\n")
        .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}\n")
        .append("svg.chart{display:block;font-size:12px;margin:.5em 0}svg text.value{fill:#444}\n")
        .append("table{border-collapse:collapse;font-size:13px;margin:.5em 0}\n")
        .append(
            "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");

    chart(
        html,
        "decisions",
        "Decisions (messages)",
        names,
        List.of(
            "APPROVED", "DELAYED (held at least once)", "RELEASED", "DROPPED", "still held at end"),
        List.of(
            Summary::approved,
            Summary::delayed,
            Summary::released,
            Summary::dropped,
            Summary::heldAtEnd),
        s,
        HtmlReport::count);

    TreeSet<String> reasons = SummaryTable.keys(s, Summary::byReason);
    List<String> reasonLabels = new ArrayList<>();
    List<ToDoubleFunction<Summary>> reasonValues = new ArrayList<>();
    for (String r : reasons) {
      for (int kind : new int[] {Summary.REASON_DELAYED, Summary.REASON_DROPPED}) {
        ToDoubleFunction<Summary> value =
            x -> x.byReason().containsKey(r) ? x.byReason().get(r)[kind] : 0;
        if (s.stream()
            .anyMatch(x -> value.applyAsDouble(x) > 0)) { // DUPLICATE is never delayed, say
          reasonLabels.add(r + (kind == Summary.REASON_DELAYED ? " delayed" : " dropped"));
          reasonValues.add(value);
        }
      }
    }
    chart(
        html,
        "reasons",
        "By reason (messages delayed and dropped)",
        names,
        reasonLabels,
        reasonValues,
        s,
        HtmlReport::count);

    List<String> channelLabels = new ArrayList<>();
    List<ToDoubleFunction<Summary>> channelValues = new ArrayList<>();
    for (String c : SummaryTable.keys(s, Summary::byChannel)) {
      channelLabels.add(c + " delivered");
      channelValues.add(
          x ->
              x.byChannel().containsKey(c)
                  ? x.byChannel().get(c)[Summary.CHANNEL_APPROVED]
                      + x.byChannel().get(c)[Summary.CHANNEL_RELEASED]
                  : 0);
      channelLabels.add(c + " dropped");
      channelValues.add(
          x -> x.byChannel().containsKey(c) ? x.byChannel().get(c)[Summary.CHANNEL_DROPPED] : 0);
    }
    chart(
        html,
        "channels",
        "By channel (messages delivered and dropped)",
        names,
        channelLabels,
        channelValues,
        s,
        HtmlReport::count);

    List<String> contactSeries = new ArrayList<>();
    contactSeries.add("before (input)");
    names.forEach(n -> contactSeries.add("after: " + n));
    List<String> stats = List.of("mean", "p50", "p95", "max");
    double[][] contacts = new double[stats.size()][contactSeries.size()];
    for (int i = 0; i < stats.size(); i++) {
      contacts[i][0] = stat(s.get(0).before(), i);
      for (int j = 0; j < s.size(); j++) {
        contacts[i][j + 1] = stat(s.get(j).after(), i);
      }
    }
    section(html, "Contacts per customer");
    html.append(
        SvgBarChart.render(
            "contacts",
            "Contacts per customer, before and after",
            stats,
            contactSeries,
            contacts,
            v -> String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.2f", v)));

    List<String> rules = new ArrayList<>(SummaryTable.keys(s, Summary::ruleHits));
    chart(
        html,
        "rules",
        "Customers held or dropped, by rule",
        names,
        rules,
        rules.stream()
            .<ToDoubleFunction<Summary>>map(r -> x -> x.ruleHits().getOrDefault(r, 0))
            .toList(),
        s,
        HtmlReport::count);

    chart(
        html,
        "delays",
        "Delay of released messages (hours)",
        names,
        List.of("p50", "p95", "max"),
        List.of(
            x -> x.delays().p50() / 3.6e6,
            x -> x.delays().p95() / 3.6e6,
            x -> x.delays().max() / 3.6e6),
        s,
        v -> String.format(Locale.ROOT, "%.1f h", v));

    html.append("<h2>Summary tables</h2>\n");
    for (SummaryTable.Section section : SummaryTable.sections(scenarios)) {
      html.append("<table>\n<tr><th>").append(escape(section.title())).append("</th>");
      names.forEach(n -> html.append("<th>").append(escape(n)).append("</th>"));
      if (names.size() > 1) {
        html.append("<th>Δ</th>");
      }
      html.append("</tr>\n");
      for (SummaryTable.Row row : section.rows()) {
        html.append("<tr><td>").append(escape(row.label())).append("</td>");
        row.cells().forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
        if (names.size() > 1) {
          html.append("<td>").append(escape(row.delta())).append("</td>");
        }
        html.append("</tr>\n");
      }
      html.append("</table>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }

  private static void chart(
      StringBuilder html,
      String id,
      String title,
      List<String> series,
      List<String> categories,
      List<ToDoubleFunction<Summary>> values,
      List<Summary> summaries,
      java.util.function.DoubleFunction<String> format) {
    double[][] table = new double[categories.size()][summaries.size()];
    for (int c = 0; c < categories.size(); c++) {
      for (int s = 0; s < summaries.size(); s++) {
        table[c][s] = values.get(c).applyAsDouble(summaries.get(s));
      }
    }
    section(html, title);
    html.append(SvgBarChart.render(id, title, categories, series, table, format));
  }

  private static void section(StringBuilder html, String title) {
    html.append("<h2>").append(escape(title)).append("</h2>\n");
  }

  private static double stat(Distribution d, int index) {
    return switch (index) {
      case 0 -> d.mean();
      case 1 -> d.p50();
      case 2 -> d.p95();
      default -> d.max();
    };
  }

  private static String count(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
