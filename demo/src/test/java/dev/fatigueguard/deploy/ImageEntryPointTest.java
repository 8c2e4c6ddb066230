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
 * The container image's entry point script decides which class-data options {@code run} gets. The
 * JVM here is a stand-in that prints its arguments (and, like the real one, writes an AOT cache at
 * exit while it is recording one): the script's choices are the subject, and with a real JVM each
 * case would need a whole guard run. That the real JVM records, writes and maps the archive is what
 * {@code ClassDataArchiveTest} and {@code bench failover --launcher} exercise.
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
    javaRelease("25.0.3");
    // Prints each argument on a line; with -XX:AOTCacheOutput=F it writes F, as the JVM does at
    // exit when nothing ended the recording before.
    Path java =
        Files.writeString(
            bin.resolve("java"),
            """
            #!/bin/sh
            for a in "$@"; do
              echo "$a"
              case $a in -XX:AOTCacheOutput=*) echo cache > "${a#*=}" ;; esac
            done
            """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The JDK's release file, where the script reads the Java version from. */
  private void javaRelease(String version) throws IOException {
    Files.writeString(
        tmp.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
  }

  @Test
  void aFirstRunOnJava25RecordsAnAotCacheAndNamesItForTheGuard() throws Exception {
    List<String> args = launch("run", "--config", "/etc/fatigue-guard/guard.properties");

    Path archive = recorded(args);
    assertThat(archive.getParent()).isEqualTo(cds);
    assertThat(archive.getFileName().toString()).matches("run-[0-9a-f]{16}\\.aot");
    assertThat(args)
        .contains("-XX:AOTCacheOutput=" + archive, "-Dfatigue-guard.cds.kind=aot")
        .noneMatch(a -> a.startsWith("-XX:AOTCache="))
        .containsSequence(
            "-cp",
            "@" + app.resolve("jib-classpath-file"),
            "dev.fatigueguard.demo.DemoMain",
            "run",
            "--config",
            "/etc/fatigue-guard/guard.properties");
  }

  @Test
  void aCompleteCacheIsMappedAtTheNextRunAndNothingIsRecorded() throws Exception {
    Path archive = recorded(launch("run"));
    Files.writeString(Path.of(archive + ".complete"), "");

    List<String> args = launch("run");

    assertThat(args)
        .contains("-XX:AOTCache=" + archive)
        .noneMatch(a -> a.startsWith("-XX:AOTCacheOutput") || a.startsWith("-Dfatigue-guard.cds"));
  }

  @Test
  void aCacheWithoutItsMarkerIsRecordedAgain() throws Exception {
    // The first start stopped before its first decision: the JVM wrote a cache at exit, the guard
    // never marked it.
    Path archive = recorded(launch("run"));
    assertThat(archive).exists();

    List<String> args = launch("run");

    assertThat(args)
        .contains("-XX:AOTCacheOutput=" + archive)
        .noneMatch(a -> a.startsWith("-XX:AOTCache="));
  }

  @Test
  void changedProjectJarsGetANewArchiveAndTheOldOneIsRemoved() throws Exception {
    Path old = recorded(launch("run"));
    Files.writeString(Path.of(old + ".complete"), "");
    // Same name, same size, other classes: what a rebuilt image with fixed file times looks like.
    Files.writeString(ownJar, "classes v2");

    Path fresh = recorded(launch("run"));

    assertThat(fresh).isNotEqualTo(old);
    assertThat(old).doesNotExist();
    assertThat(Path.of(old + ".complete")).doesNotExist();
  }

  @Test
  void anOtherJvmGetsAnotherArchive() throws Exception {
    Path onJava25 = recorded(launch("run"));
    Files.writeString(Path.of(onJava25 + ".complete"), "");
    javaRelease("25.0.4");

    assertThat(recorded(launch("run"))).isNotEqualTo(onJava25);
  }

  @Test
  void beforeJava25ItRecordsADynamicArchiveInstead() throws Exception {
    javaRelease("17.0.15");

    List<String> first = launch("run");
    Path archive = recorded(first);
    Files.writeString(Path.of(archive + ".complete"), "");
    Files.writeString(archive, "dynamic archive");
    List<String> second = launch("run");

    assertThat(archive.getFileName().toString()).endsWith(".dynamic");
    assertThat(first)
        .contains("-XX:+RecordDynamicDumpInfo", "-Dfatigue-guard.cds.kind=dynamic")
        .noneMatch(a -> a.contains("AOT"));
    assertThat(second)
        .contains("-XX:SharedArchiveFile=" + archive)
        .doesNotContain("-XX:+RecordDynamicDumpInfo");
  }

  @Test
  void aJvmWithoutAReleaseFileCountsAsOlderThan25() throws Exception {
    Files.delete(tmp.resolve("release"));

    assertThat(launch("run"))
        .contains("-XX:+RecordDynamicDumpInfo")
        .noneMatch(a -> a.contains("AOT"));
  }

  @Test
  void otherCommandsAndTheSwitchRunWithoutAnArchive() throws Exception {
    List<String> topics = launch("topics", "--create");
    List<String> off = launch(Map.of("FATIGUE_GUARD_IMAGE_CDS", "off"), "run");

    assertThat(topics).noneMatch(a -> a.contains("AOT") || a.contains("fatigue-guard.cds"));
    assertThat(topics).endsWith("dev.fatigueguard.demo.DemoMain", "topics", "--create");
    assertThat(off).noneMatch(a -> a.contains("AOT") || a.contains("fatigue-guard.cds"));
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
    assertThat(args)
        .noneMatch(a -> a.contains("AOT") || a.contains("fatigue-guard.cds"))
        .contains("run");
    assertThat(err).contains("is not writable: no class-data sharing archive");
  }

  /** The archive the script told the guard to write. */
  private static Path recorded(List<String> args) {
    String prefix = "-Dfatigue-guard.cds.archive=";
    List<String> named = args.stream().filter(a -> a.startsWith(prefix)).toList();
    assertThat(named).as("%s", args).hasSize(1);
    return Path.of(named.get(0).substring(prefix.length()));
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
