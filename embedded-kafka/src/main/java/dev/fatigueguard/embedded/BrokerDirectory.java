package dev.fatigueguard.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary directory of an embedded broker: its config file and its KRaft log dir. */
final class BrokerDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerDirectory.class);

  private BrokerDirectory() {}

  /**
   * {@code kafka-storage.sh format} in-process: writes meta.properties and the bootstrap
   * checkpoint.
   */
  static void format(Path configFile) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode =
          StorageTool.execute(
              new String[] {
                "format",
                "--config",
                configFile.toString(),
                "--cluster-id",
                Uuid.randomUuid().toString()
              },
              out);
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "formatting the Kafka log dir failed (exit "
              + exitCode
              + "): "
              + output.toString(StandardCharsets.UTF_8).trim());
    }
  }

  static Path create() {
    try {
      return Files.createTempDirectory("fatigue-guard-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  LOG.warn("could not delete {}: {}", path, e.toString());
                }
              });
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", root, e.toString());
    }
  }
}
