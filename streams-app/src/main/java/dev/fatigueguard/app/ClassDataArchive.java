package dev.fatigueguard.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the classes this start loaded, for the next start to map, when the container's entry point
 * asked for it: on Java 25 and later an AOT cache (the JVM was started with {@code
 * -XX:AOTCacheOutput}), before that a dynamic class-data sharing archive ({@code
 * -XX:+RecordDynamicDumpInfo}).
 *
 * <p>The archive is written while the guard runs, a little after its first decision, through the
 * JVM's own diagnostic command (what {@code jcmd AOT.end_recording} or {@code jcmd VM.cds
 * dynamic_dump} would do). At that point it holds every class a start needs; written at exit
 * instead, it would hold only what a failed start got to, and it would hold up the stop by the
 * seconds it takes, while the instance's partitions wait. Only then is the marker created that
 * tells the entry point the archive is complete.
 */
final class ClassDataArchive {

  /** The system property through which the entry point names the archive to write. */
  static final String ARCHIVE_PROPERTY = "fatigue-guard.cds.archive";

  /** {@code aot} or {@code dynamic}: which of the two the JVM is recording. */
  static final String KIND_PROPERTY = "fatigue-guard.cds.kind";

  /**
   * How long after the first decision the archive is written: the first commits, punctuations and
   * the producer's transactions have run by then, so their classes are in it too.
   */
  static final Duration AFTER_FIRST_DECISION = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

  private ClassDataArchive() {}

  /**
   * Called once at the first decision: writes the archive soon, if the entry point asked for one.
   */
  static void startupComplete() {
    String archive = System.getProperty(ARCHIVE_PROPERTY);
    if (archive == null || archive.isBlank()) {
      return;
    }
    Thread writer =
        new Thread(
            () -> {
              try {
                Thread.sleep(AFTER_FIRST_DECISION.toMillis());
                write(Path.of(archive), System.getProperty(KIND_PROPERTY, "aot"));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fatigue-guard-class-data");
    // The process may stop before; then the next start records again.
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Has this JVM write the archive, and marks it complete when it was written.
   *
   * @return whether the archive and its marker exist now
   */
  static boolean write(Path archive, String kind) {
    long started = System.nanoTime();
    try {
      Object answer =
          kind.equals("dynamic")
              ? diagnosticCommand("vmCds", "dynamic_dump", archive.toString())
              : diagnosticCommand("aotEndRecording");
      if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
        LOG.warn(
            "class-data archive not written to {}; the JVM said: {}",
            archive,
            String.valueOf(answer).strip());
        return false;
      }
      Files.writeString(
          Path.of(archive + ".complete"),
          "written after the first decision of a start of this image\n");
      LOG.info(
          "class-data archive ({}) written to {} in {} ms: later restarts map it",
          kind,
          archive,
          (System.nanoTime() - started) / 1_000_000);
      return true;
    } catch (JMException | IOException | RuntimeException e) {
      // The guard runs on without it; the next start records again.
      LOG.warn("class-data archive not written to {}: {}", archive, e.toString());
      return false;
    }
  }

  private static Object diagnosticCommand(String operation, String... arguments)
      throws JMException {
    return ManagementFactory.getPlatformMBeanServer()
        .invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"),
            operation,
            new Object[] {arguments},
            new String[] {String[].class.getName()});
  }
}
