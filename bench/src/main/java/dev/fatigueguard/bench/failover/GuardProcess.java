package dev.fatigueguard.bench.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One guard instance as operators run it: {@code fatigue-guard run --config FILE} in its own JVM,
 * so that a kill is a real SIGKILL (no shutdown hook, no commit, an open transaction).
 */
public final class GuardProcess {

  private static final Pattern RUNNING =
      Pattern.compile("RUNNING (\\d+) ms .*?restored (\\d+) records from (\\d+) changelog");

  private static final Pattern TIMELINE =
      Pattern.compile("startup (timeline|cpu): (.*?) \\(ms (after|of)");
  private static final Pattern STEP = Pattern.compile("(\\w+)=(\\d+)");

  /** What one transition to RUNNING, as the guard logged it, said. */
  record RunningLine(long millis, long restoredRecords, int restoredPartitions) {}

  private final Path config;
  private final Path log;
  private final Process process;
  private final long startedNanos;
  private final GuardLauncher launcher;

  private GuardProcess(
      Path config, Path log, Process process, long startedNanos, GuardLauncher launcher) {
    this.launcher = launcher;
    this.config = config;
    this.log = log;
    this.process = process;
    this.startedNanos = startedNanos;
  }

  /** Starts {@code fatigue-guard run} on {@code config}, logging to {@code log}. */
  public static GuardProcess start(Path config, Path log, GuardLauncher launcher) {
    ProcessBuilder builder = launcher.run(config);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long started = System.nanoTime();
    try {
      Process process = builder.start();
      // Never leave a guard behind when the benchmark itself fails or is interrupted.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new GuardProcess(config, log, process, started, launcher);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command(), e);
    }
  }

  /** The same instance again: same configuration (identity, state directory), same log. */
  GuardProcess restart() {
    return start(config, log, launcher);
  }

  long startedNanos() {
    return startedNanos;
  }

  Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The process's resident set now ({@code VmRSS}) and at its peak ({@code VmHWM}), in bytes, from
   * {@code /proc}: what a container's memory limit is measured against.
   */
  public long[] residentBytes() {
    long rss = -1;
    long peak = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", process.pid() + "", "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          peak = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new long[] {rss, peak};
  }

  /** The output of {@code jcmd PID COMMAND} against this process (heap, native memory). */
  public String jcmd(String... command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    List<String> args = new ArrayList<>(List.of(jcmd, Long.toString(process.pid())));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /**
   * Waits until the guard has written its class-data archive, which the image's entry point has it
   * do a little after its first decision: the restart that follows then maps a complete one, as
   * every restart after an image's first does.
   */
  void awaitClassDataArchive(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          if (line.contains("class-data archive not written")) {
            throw new IllegalStateException("the guard wrote no class-data archive; see " + log);
          }
          if (line.contains("class-data archive (")) {
            return;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no class-data archive within " + timeout + "; see " + log);
  }

  /** SIGKILL; returns the time of the kill. */
  long kill() throws InterruptedException {
    long at = System.nanoTime();
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    return at;
  }

  /** SIGTERM and wait for the process to finish its clean shutdown; returns the time it ended. */
  public long stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    return System.nanoTime();
  }

  /**
   * The steps of the last start-up timeline in the log, each in milliseconds after the process
   * started, then ({@code cpu step}) the process's CPU time at each, in order; empty if none was
   * logged yet.
   */
  Map<String, Long> lastTimeline() {
    Map<String, Long> steps = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        Matcher m = TIMELINE.matcher(line);
        if (m.find()) {
          boolean cpu = m.group(1).equals("cpu");
          if (!cpu) {
            steps.clear();
          }
          Matcher step = STEP.matcher(m.group(2));
          while (step.find()) {
            steps.put((cpu ? "cpu " : "") + step.group(1), Long.parseLong(step.group(2)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return steps;
  }

  /** Every RUNNING line the guard logged so far, oldest first. */
  List<RunningLine> runningLines() {
    List<RunningLine> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        Matcher m = RUNNING.matcher(line);
        if (m.find()) {
          lines.add(
              new RunningLine(
                  Long.parseLong(m.group(1)),
                  Long.parseLong(m.group(2)),
                  Integer.parseInt(m.group(3))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
