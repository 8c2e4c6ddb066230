package dev.fatigueguard.app;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each step of {@code run} was reached, in milliseconds since the operating system started the
 * process: JVM start, {@code main}, configuration loaded, preflight done, application built, {@code
 * KafkaStreams.start()}, the first RUNNING and the first decision. Each step is logged as it is
 * reached, and the whole line once more at the first decision, so a slow restart says which step
 * took the time rather than only that it was slow.
 */
public final class StartupTimeline {

  private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

  /** Steps in the order {@code run} reaches them; the keys of the summary line. */
  public static final String JVM = "jvm";

  public static final String MAIN = "main";
  public static final String CONFIG = "config";
  public static final String PREFLIGHT = "preflight";
  public static final String BUILT = "built";
  public static final String START = "start";
  public static final String RUNNING = "running";
  public static final String DECIDED = "decided";

  private static volatile long mainEnteredMillis = -1;

  private final long processStartMillis;
  private final boolean enabled;
  private final Map<String, Long> steps = new LinkedHashMap<>();
  private final Map<String, Long> cpu = new LinkedHashMap<>();
  private long last;

  private StartupTimeline(long processStartMillis, boolean enabled) {
    this.processStartMillis = processStartMillis;
    this.enabled = enabled;
  }

  /** Called first thing in {@code main}, before picocli or logging load any class of their own. */
  public static void mainEntered() {
    mainEnteredMillis = System.currentTimeMillis();
  }

  /** A timeline of this process, with the JVM's start and {@code main} as its first steps. */
  public static StartupTimeline ofThisProcess() {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long processStart =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(Instant::toEpochMilli)
            .filter(t -> t <= jvmStart)
            .orElse(jvmStart);
    StartupTimeline timeline = new StartupTimeline(processStart, true);
    timeline.record(JVM, jvmStart);
    if (mainEnteredMillis > 0) {
      timeline.record(MAIN, mainEnteredMillis);
    }
    return timeline;
  }

  /** A timeline that records nothing, for guards started inside another program (tests, demo). */
  public static StartupTimeline none() {
    return new StartupTimeline(0, false);
  }

  /** Records that {@code step} was reached now; only the first time counts. */
  public void reached(String step) {
    if (enabled) {
      record(step, System.currentTimeMillis());
    }
  }

  private synchronized void record(String step, long atMillis) {
    if (steps.containsKey(step)) {
      return;
    }
    long since = atMillis - processStartMillis;
    steps.put(step, since);
    // CPU time says what a step costs when the machine is shared; wall time alone mixes in the
    // waits for other processes. Not known for the steps recorded after the fact (jvm, main).
    long cpuMillis =
        step.equals(JVM) || step.equals(MAIN)
            ? -1
            : ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    if (cpuMillis >= 0) {
      cpu.put(step, cpuMillis);
    }
    if (cpuMillis >= 0) {
      LOG.info(
          "startup: {} at {} ms after process start (+{} ms), {} ms of CPU",
          step,
          since,
          since - last,
          cpuMillis);
    } else {
      LOG.info("startup: {} at {} ms after process start (+{} ms)", step, since, since - last);
    }
    last = since;
    if (step.equals(DECIDED)) {
      LOG.info("startup timeline: {} (ms after process start)", summary(steps));
      LOG.info("startup cpu: {} (ms of process CPU time)", summary(cpu));
      ClassDataArchive.startupComplete();
    }
  }

  /** Every step reached so far, {@code step=millis} in order. */
  public synchronized String summary() {
    return summary(steps);
  }

  private static String summary(Map<String, Long> values) {
    StringJoiner line = new StringJoiner(" ");
    values.forEach((step, millis) -> line.add(step + "=" + millis));
    return line.toString();
  }
}
