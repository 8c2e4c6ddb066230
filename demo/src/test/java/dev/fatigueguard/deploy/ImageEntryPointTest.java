package dev.fatigueguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's entry point script decides which class-data sharing options {@code run}
 * gets. The JVM here is a stand-in that prints its arguments (and, like the real one, writes the
 * archive when asked to at exit): the script's choices are the subject, and with a real JVM each
 * case would need a whole guard run. That the real JVM writes, marks and maps the archive is what
 * {@code bench failover --launcher} exercises.
 */
class ImageEntryPointTest {

  private static final Path SCRIPT = Path.of("src/main/jib/usr/local/bin/fatigue-guard");

  @TempDir Path tmp;

  private Path app;
  private Path cds;
  private Path bin;
  private Path ownJar;

  @BeforeEach
  void anImage() throws IOException {
    app = Files.createDirectories(tmp.resolve("app"));
    cds = tmp.resolve("state/.cds");
    bin = Files.createDirectories(tmp.resolve("bin"));
    Path libs = Files.createDirectories(app.resolve("libs"));
    ownJar = Files.writeString(libs.resolve("fatigue-guard-streams-app-1.0.jar"), "classes v1");
    Path released = Files.writeString(libs.resolve("kafka-streams-4.3.1.jar"), "kafka");
    Files.writeString(app.resolve("jib-classpath-file"), ownJar + File.pathSeparator + released);
    Files.writeString(app.resolve("jib-main-class-file"), "dev.fatigueguard.demo.DemoMain");
    // Prints each argument on a line; with -XX:ArchiveClassesAtExit=F it writes F, as the JVM
    // does when the process ends.
    Path java =
        Files.writeString(
            bin.resolve("java"),
            """
            #!/bin/sh
            for a in "$@"; do
              echo "$a"
              case $a in -XX:ArchiveClassesAtExit=*) echo archive > "${a#*=}" ;; esac
            done
            """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aFirstRunWritesAnArchiveAtExitAndNamesTheMarkerTheGuardCreates() throws Exception {
    List<String> args = launch("run", "--config", "/etc/fatigue-guard/guard.properties");

    Path archive = onlyArchive();
    assertThat(args)
        .contains("-XX:ArchiveClassesAtExit=" + archive)
        .contains("-Dfatigue-guard.cds.complete-marker=" + archive + ".complete")
        .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"))
        .containsSequence(
            "-cp",
            "@" + app.resolve("jib-classpath-file"),
            "dev.fatigueguard.demo.DemoMain",
            "run",
            "--config",
            "/etc/fatigue-guard/guard.properties");
  }

  @Test
  void aCompleteArchiveIsMappedAtTheNextRun() throws Exception {
    launch("run");
    Path archive = onlyArchive();
    Files.writeString(Path.of(archive + ".complete"), "");

    List<String> args = launch("run");

    assertThat(args)
        .contains("-XX:SharedArchiveFile=" + archive)
        .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void anArchiveWithoutItsMarkerIsWrittenAgain() throws Exception {
    // The first start stopped before its first decision: the JVM wrote an archive, the guard
    // never marked it.
    launch("run");
    Path archive = onlyArchive();

    List<String> args = launch("run");

    assertThat(args).contains("-XX:ArchiveClassesAtExit=" + archive);
  }

  @Test
  void changedProjectJarsGetANewArchiveAndTheOldOneIsRemoved() throws Exception {
    launch("run");
    Path old = onlyArchive();
    Files.writeString(Path.of(old + ".complete"), "");
    // Same name, same size, other classes: what a rebuilt image with fixed file times looks like.
    Files.writeString(ownJar, "classes v2");

    List<String> args = launch("run");

    Path fresh = onlyArchive();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(old).doesNotExist();
    assertThat(Path.of(old + ".complete")).doesNotExist();
    assertThat(args).contains("-XX:ArchiveClassesAtExit=" + fresh);
  }

  @Test
  void otherCommandsAndTheSwitchRunWithoutAnArchive() throws Exception {
    List<String> topics = launch("topics", "--create");
    List<String> off = launch(Map.of("FATIGUE_GUARD_IMAGE_CDS", "off"), "run");

    assertThat(topics).noneMatch(a -> a.startsWith("-XX:") && a.contains("Archive"));
    assertThat(topics).endsWith("dev.fatigueguard.demo.DemoMain", "topics", "--create");
    assertThat(off).noneMatch(a -> a.startsWith("-XX:") && a.contains("Archive"));
    assertThat(cds).doesNotExist();
  }

  @Test
  void anUnwritableStateVolumeRunsWithoutAnArchiveAndSaysSo() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-directory"), "");

    Process p = start(Map.of("FATIGUE_GUARD_IMAGE_CDS_DIR", file.resolve("cds").toString()), "run");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    List<String> args =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

    assertThat(p.waitFor()).isZero();
    assertThat(args).noneMatch(a -> a.contains("Archive")).contains("run");
    assertThat(err).contains("is not writable: no class-data sharing archive");
  }

  private Path onlyArchive() throws IOException {
    try (var files = Files.list(cds)) {
      List<Path> archives = files.filter(f -> f.toString().endsWith(".jsa")).toList();
      assertThat(archives).hasSize(1);
      return archives.get(0);
    }
  }

  private List<String> launch(String... args) throws Exception {
    return launch(Map.of(), args);
  }

  private List<String> launch(Map<String, String> env, String... args) throws Exception {
    Process p = start(env, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(err).isZero();
    return out.lines().toList();
  }

  private Process start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("JAVA_HOME", tmp.toString());
    builder.environment().put("FATIGUE_GUARD_IMAGE_APP_DIR", app.toString());
    builder.environment().put("FATIGUE_GUARD_IMAGE_CDS_DIR", cds.toString());
    builder.environment().putAll(env);
    return builder.start();
  }
}
