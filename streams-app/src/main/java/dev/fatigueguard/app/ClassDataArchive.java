package dev.fatigueguard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's launcher starts {@code run} with a class-data sharing archive when it has one,
 * and otherwise has the JVM write one when the process stops ({@code -XX:ArchiveClassesAtExit}).
 * The JVM writes that archive however far the start got, but it only pays if it holds the classes
 * of a whole start: so the launcher also names a marker file, created here once the first message
 * has been decided, and keeps an archive only when its marker exists.
 */
final class ClassDataArchive {

  /** The system property through which the launcher names the marker file. */
  static final String MARKER_PROPERTY = "fatigue-guard.cds.complete-marker";

  private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

  private ClassDataArchive() {}

  /** Creates the launcher's marker, if it named one: this start has loaded what a restart needs. */
  static void startupComplete() {
    String marker = System.getProperty(MARKER_PROPERTY);
    if (marker == null || marker.isBlank()) {
      return;
    }
    try {
      Files.writeString(
          Path.of(marker), "the archive written when this process stops is complete\n");
      LOG.info("class-data sharing archive will be written when this process stops");
    } catch (IOException e) {
      // The guard runs on; the next start simply writes the archive again.
      LOG.warn(
          "cannot mark the class-data sharing archive complete ({}): {}", marker, e.toString());
    }
  }
}
