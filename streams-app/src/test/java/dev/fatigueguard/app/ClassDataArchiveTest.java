package dev.fatigueguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.Appender;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The archive is written through the real JVM's diagnostic command, in a JVM started the way the
 * container's entry point starts a first {@code run} on this JVM's version (an AOT cache from Java
 * 25 on, a dynamic archive before), and a second JVM that insists on using it accepts it. The JVM
 * archives classes from jars only, as in the image, so the forked JVMs get the two classes under
 * test in a jar of their own, beside the logging jars.
 */
class ClassDataArchiveTest {

  private static final boolean AOT = Runtime.version().feature() >= 25;

  @TempDir Path tmp;

  private String classPath;

  @BeforeEach
  void classesInAJar() throws IOException {
    Path jar = tmp.resolve("probe.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> type : List.of(ClassDataArchive.class, Probe.class)) {
        String entry = type.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(out);
        }
      }
    }
    List<String> entries = new ArrayList<>(List.of(jar.toString()));
    for (Class<?> library :
        List.of(LoggerFactory.class, ch.qos.logback.classic.Logger.class, Appender.class)) {
      entries.add(
          Path.of(library.getProtectionDomain().getCodeSource().getLocation().getPath())
              .toString());
    }
    classPath = String.join(File.pathSeparator, entries);
  }

  @Test
  void aRecordingJvmWritesTheArchiveWhileRunningAndMarksItAndTheNextJvmMapsIt() throws Exception {
    Path archive = tmp.resolve(AOT ? "run.aot" : "run.dynamic");

    Run recording =
        java(
            AOT ? "-XX:AOTCacheOutput=" + archive : "-XX:+RecordDynamicDumpInfo",
            "-D" + ClassDataArchive.ARCHIVE_PROPERTY + "=" + archive,
            Probe.class.getName(),
            archive.toString(),
            AOT ? "aot" : "dynamic");
    assertThat(recording.exit()).as(recording.output()).isZero();
    assertThat(recording.output()).contains("written=true");
    assertThat(archive).isNotEmptyFile();
    assertThat(Path.of(archive + ".complete")).exists();

    // -XX:AOTMode=on and -Xshare:on make the JVM refuse to start rather than run without it.
    Run mapping =
        AOT
            ? java("-XX:AOTCache=" + archive, "-XX:AOTMode=on", Probe.class.getName())
            : java("-XX:SharedArchiveFile=" + archive, "-Xshare:on", Probe.class.getName());
    assertThat(mapping.exit()).as(mapping.output()).isZero();
    assertThat(mapping.output()).contains("mapped");
  }

  @Test
  void aJvmThatIsNotRecordingWritesNothingAndCreatesNoMarker() throws Exception {
    Path archive = tmp.resolve(AOT ? "run.aot" : "run.dynamic");

    Run plain = java(Probe.class.getName(), archive.toString(), AOT ? "aot" : "dynamic");

    assertThat(plain.exit()).as(plain.output()).isZero();
    assertThat(plain.output()).contains("written=false").contains("class-data archive not written");
    assertThat(Path.of(archive + ".complete")).doesNotExist();
  }

  private record Run(int exit, String output) {}

  private Run java(String... arguments) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable",
                "-Xlog:all=error:stderr",
                "-cp",
                classPath));
    command.addAll(List.of(arguments));
    Path out = tmp.resolve("out-" + System.nanoTime() + ".txt");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("JVM still running").isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  /** The forked JVM's main: writes the archive when given one, else only says it started. */
  public static final class Probe {
    public static void main(String[] args) {
      if (args.length == 0) {
        System.out.println("mapped");
        return;
      }
      System.out.println("written=" + ClassDataArchive.write(Path.of(args[0]), args[1]));
    }
  }
}
