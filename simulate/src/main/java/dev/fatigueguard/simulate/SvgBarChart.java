package dev.fatigueguard.simulate;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A horizontal grouped bar chart as inline SVG: one group per category, one bar per series
 * (policy), each bar labelled with its value. Drawn in Java so the report needs no script and no
 * network.
 */
final class SvgBarChart {

  private static final String[] COLOURS = {"#3b6ea8", "#e0823d", "#5a9e5a", "#9b59b6"};
  private static final int WIDTH = 760;
  private static final int LABEL_WIDTH = 230;
  private static final int VALUE_WIDTH = 90;
  private static final int BAR = 14;
  private static final int GAP = 10;

  private SvgBarChart() {}

  /**
   * @param values values[category][series]
   * @param format how a value is printed next to its bar
   */
  static String render(
      String id,
      String title,
      List<String> categories,
      List<String> series,
      double[][] values,
      DoubleFunction<String> format) {
    double max = 0;
    for (double[] row : values) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    int legend = 22;
    int groupHeight = series.size() * BAR + GAP;
    int height = legend + Math.max(1, categories.size()) * groupHeight + 8;
    int plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" id=\"%s\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n<title>%s</title>%n",
            id,
            WIDTH,
            height,
            WIDTH,
            height,
            HtmlReport.escape(title),
            HtmlReport.escape(title)));
    int x = 8;
    for (int s = 0; s < series.size(); s++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"14\">%s</text>%n",
              x,
              COLOURS[s % COLOURS.length],
              x + 16,
              HtmlReport.escape(series.get(s))));
      x += 16 + 7 * series.get(s).length() + 24; // about 7 px per character at 12 px
    }
    if (categories.isEmpty()) {
      svg.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%d\">(none)</text>%n", LABEL_WIDTH, legend + 12));
    }
    for (int c = 0; c < categories.size(); c++) {
      int top = legend + c * groupHeight;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              LABEL_WIDTH - 8,
              top + series.size() * BAR / 2 + 4,
              HtmlReport.escape(categories.get(c))));
      for (int s = 0; s < series.size(); s++) {
        double v = values[c][s];
        double w = max == 0 ? 0 : v / max * plot;
        int y = top + s * BAR;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>"
                    + "<text x=\"%.1f\" y=\"%d\" class=\"value\">%s</text>%n",
                LABEL_WIDTH,
                y,
                w,
                BAR - 2,
                COLOURS[s % COLOURS.length],
                HtmlReport.escape(series.get(s)),
                HtmlReport.escape(format.apply(v)),
                LABEL_WIDTH + w + 4,
                y + BAR - 3,
                HtmlReport.escape(format.apply(v))));
      }
    }
    return svg.append("</svg>\n").toString();
  }
}
