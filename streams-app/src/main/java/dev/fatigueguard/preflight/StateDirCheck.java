package dev.fatigueguard.preflight;

import dev.fatigueguard.config.GuardConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams keeps its stores under {@code state.dir}; it must be a writable directory. */
final class StateDirCheck {

  static final String NAME = "state.dir";

  private StateDirCheck() {}

  static CheckResult check(GuardConfig config) {
    String dir =
        new StreamsConfig(config.streamsProperties()).getString(StreamsConfig.STATE_DIR_CONFIG);
    Path path = Path.of(dir);
    try {
      Files.createDirectories(path);
      Path probe = Files.createTempFile(path, ".fatigue-guard-preflight", ".tmp");
      Files.delete(probe);
      return CheckResult.pass(NAME, "state.dir=" + dir + " is writable");
    } catch (IOException | SecurityException e) {
      return CheckResult.fail(
          NAME,
          "state.dir=" + dir + " is not writable (" + e + ")",
          "point state.dir at a directory this user may write, on a disk that survives restarts");
    }
  }
}
