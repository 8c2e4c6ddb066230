package dev.fatigueguard.bench;

import dev.fatigueguard.bench.e2e.Spread;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Draws the e2e results as a PNG with plain Java2D: per partition count and guarantee, the median
 * records/s of the pass-through topology, of the write floor (from the first file that has it), and
 * of the guard of each result file, with the median ratio to the pass-through written above each
 * bar.
 */
@Command(
    name = "chart",
    mixinStandardHelpOptions = true,
    description = "PNG chart of e2e CSV results.")
public final class ChartCommand implements Callable<Integer> {

  @Option(
      names = "--in",
      split = ",",
      required = true,
      description = "e2e CSV files (e.g. before,after).")
  List<Path> inputs;

  @Option(names = "--labels", split = ",", description = "One label per CSV (default: file names).")
  List<String> labels;

  @Option(
      names = "--out",
      defaultValue = "bench/results/throughput.png",
      description = "(default ${DEFAULT-VALUE})")
  Path out;

  private static final Color PASS = new Color(150, 150, 150);
  private static final Color FLOOR = new Color(200, 200, 200);
  private static final Color[] GUARD = {
    new Color(214, 96, 77),
    new Color(244, 165, 130),
    new Color(67, 147, 195),
    new Color(90, 174, 97)
  };

  /**
   * Median records/s and median per-repeat ratios to the pass-through in one configuration (0: not
   * run).
   */
  private record Cell(
      double passThrough, double guard, double ratio, double floor, double floorRatio) {}

  @Override
  public Integer call() throws Exception {
    List<Map<String, Cell>> series = new ArrayList<>();
    for (Path in : inputs) {
      series.add(read(in));
    }
    List<String> names =
        labels != null ? labels : inputs.stream().map(p -> p.getFileName().toString()).toList();
    List<String> configs = new ArrayList<>(series.get(0).keySet());

    int width = 1100;
    int height = 600;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int left = 80;
    int right = width - 30;
    int top = 60;
    int bottom = height - 130;
    double max =
        series.stream()
                .flatMap(m -> m.values().stream())
                .mapToDouble(c -> Math.max(c.passThrough(), Math.max(c.guard(), c.floor())))
                .max()
                .orElse(1)
            * 1.15;

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(
        "fatigue-guard vs pass-through: median records/s (label: / pass-through, median of per-run ratios)",
        left - 40,
        30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      double v = max * i / 5;
      int y = bottom - (int) ((bottom - top) * i / 5.0);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(left, y, right, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%,.0f", v), 5, y + 4);
    }
    int groupWidth = (right - left) / configs.size();
    Map<String, Cell> floors = new LinkedHashMap<>();
    for (String config : configs) {
      series.stream()
          .map(m -> m.get(config))
          .filter(c -> c != null && c.floor() > 0)
          .findFirst()
          .ifPresent(c -> floors.put(config, c));
    }
    int bars = 1 + (floors.isEmpty() ? 0 : 1) + series.size();
    int barWidth = Math.min(60, (groupWidth - 30) / bars);
    for (int c = 0; c < configs.size(); c++) {
      String config = configs.get(c);
      int x = left + c * groupWidth + (groupWidth - bars * barWidth) / 2;
      Cell first = series.get(0).get(config);
      bar(g, x, first.passThrough(), max, top, bottom, barWidth, PASS, null);
      int guardStart = 1;
      if (!floors.isEmpty()) {
        Cell floor = floors.get(config);
        if (floor != null) {
          bar(
              g,
              x + barWidth,
              floor.floor(),
              max,
              top,
              bottom,
              barWidth,
              FLOOR,
              String.format(Locale.ROOT, "%.2f×", floor.floorRatio()));
        }
        guardStart = 2;
      }
      for (int s = 0; s < series.size(); s++) {
        Cell cell = series.get(s).get(config);
        if (cell != null) {
          bar(
              g,
              x + (s + guardStart) * barWidth,
              cell.guard(),
              max,
              top,
              bottom,
              barWidth,
              GUARD[s % GUARD.length],
              String.format(Locale.ROOT, "%.2f×", cell.ratio()));
        }
      }
      g.setColor(Color.BLACK);
      g.drawString(config, left + c * groupWidth + 10, bottom + 20);
    }
    g.setStroke(new BasicStroke(1));
    int ly = height - 85;
    legend(
        g,
        left,
        ly,
        PASS,
        "pass-through of the first file (each ratio uses its own run's pass-through)");
    if (!floors.isEmpty()) {
      legend(g, left + 560, ly, FLOOR, "write floor: the spec's writes, no rules");
    }
    for (int s = 0; s < series.size(); s++) {
      legend(
          g,
          left + (s % 2) * 330,
          ly + 20 + (s / 2) * 18,
          GUARD[s % GUARD.length],
          "guard: " + names.get(s));
    }
    g.dispose();
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageIO.write(image, "png", out.toFile());
    System.out.println("wrote " + out);
    return 0;
  }

  private static void bar(
      Graphics2D g,
      int x,
      double value,
      double max,
      int top,
      int bottom,
      int w,
      Color color,
      String label) {
    int h = (int) ((bottom - top) * value / max);
    g.setColor(color);
    g.fillRect(x, bottom - h, w - 4, h);
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT, "%.0fk", value / 1000), x, bottom - h - 4);
    if (label != null) {
      g.setFont(g.getFont().deriveFont(Font.BOLD));
      g.drawString(label, x, bottom - h - 18);
      g.setFont(g.getFont().deriveFont(Font.PLAIN));
    }
  }

  private static void legend(Graphics2D g, int x, int y, Color color, String text) {
    g.setColor(color);
    g.fillRect(x, y - 10, 14, 14);
    g.setColor(Color.BLACK);
    g.drawString(text, x + 20, y + 2);
  }

  /** Config label ("p=1 exactly_once_v2") → medians, in file order. */
  private static Map<String, Cell> read(Path csv) throws Exception {
    Map<String, Map<Integer, double[]>> runs = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      String config = "p=" + f[0] + " " + f[1];
      double[] pair =
          runs.computeIfAbsent(config, k -> new LinkedHashMap<>())
              .computeIfAbsent(Integer.parseInt(f[2]), k -> new double[3]);
      int slot =
          switch (f[3]) {
            case "pass-through" -> 0;
            case "guard" -> 1;
            case "floor" -> 2;
            default -> -1;
          };
      if (slot >= 0) {
        pair[slot] = Double.parseDouble(f[6]);
      }
    }
    Map<String, Cell> out = new LinkedHashMap<>();
    runs.forEach(
        (config, repeats) -> {
          List<Double> pass = new ArrayList<>();
          List<Double> guard = new ArrayList<>();
          List<Double> ratio = new ArrayList<>();
          List<Double> floor = new ArrayList<>();
          List<Double> floorRatio = new ArrayList<>();
          repeats
              .values()
              .forEach(
                  pair -> {
                    pass.add(pair[0]);
                    guard.add(pair[1]);
                    if (pair[0] > 0 && pair[1] > 0) {
                      ratio.add(pair[1] / pair[0]);
                    }
                    if (pair[2] > 0) {
                      floor.add(pair[2]);
                      if (pair[0] > 0) {
                        floorRatio.add(pair[2] / pair[0]);
                      }
                    }
                  });
          out.put(
              config,
              new Cell(
                  Spread.of(pass).median(),
                  Spread.of(guard).median(),
                  Spread.of(ratio).median(),
                  floor.isEmpty() ? 0 : Spread.of(floor).median(),
                  floorRatio.isEmpty() ? 0 : Spread.of(floorRatio).median()));
        });
    return out;
  }
}
