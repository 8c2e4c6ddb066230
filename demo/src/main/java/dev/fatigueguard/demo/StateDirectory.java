package dev.fatigueguard.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The guard's state directory for one demo run: a fresh temporary directory, deleted after. */
final class StateDirectory {

  private final Path path;

  private StateDirectory(Path path) {
    this.path = path;
  }

  static StateDirectory create() throws IOException {
    return new StateDirectory(Files.createTempDirectory("fatigue-guard-demo-state-"));
  }

  Path path() {
    return path;
  }

  /**
   * Best effort: false if something could not be deleted (a store still open after a timed-out
   * close). Safe to call again, and from another thread.
   */
  boolean delete() {
    if (!Files.exists(path)) {
      return true;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
