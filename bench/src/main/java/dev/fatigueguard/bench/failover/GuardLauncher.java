package dev.fatigueguard.bench.failover;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the benchmark starts a guard's JVM: {@code java} on the benchmark's own class path, or, given
 * the container image's entry point script, that script, the way the image starts the guard (with
 * its class-data sharing archive). The script reads the class path and main class from the two
 * files the image builder writes; the benchmark writes them beside each guard's configuration.
 *
 * @param classPath the guard's class path ({@code lib/*} of the benchmark jar)
 * @param jvmOptions extra JVM options; through {@code JAVA_TOOL_OPTIONS} when a script starts it
 * @param script the image's entry point, or null for plain {@code java}
 */
public record GuardLauncher(String classPath, List<String> jvmOptions, Path script) {

  private static final String MAIN_CLASS = "dev.fatigueguard.cli.FatigueGuardCommand";

  public GuardLauncher {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** A process builder for {@code fatigue-guard run --config config}. */
  ProcessBuilder run(Path config) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> options = new ArrayList<>(List.of("-Xmx512m"));
    options.addAll(jvmOptions);
    if (script == null) {
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(options);
      command.addAll(List.of("-cp", classPath, MAIN_CLASS, "run", "--config", config.toString()));
      return new ProcessBuilder(command);
    }
    // Each guard its own, as each pod has its own image files and state volume.
    String name = config.getFileName().toString().replaceFirst("\\.properties$", "");
    Path appDir = config.resolveSibling(name + ".app");
    try {
      Files.createDirectories(appDir);
      Files.writeString(appDir.resolve("jib-classpath-file"), expanded(classPath));
      Files.writeString(appDir.resolve("jib-main-class-file"), MAIN_CLASS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder builder =
        new ProcessBuilder("sh", script.toString(), "run", "--config", config.toString());
    Map<String, String> env = builder.environment();
    env.put("FATIGUE_GUARD_IMAGE_APP_DIR", appDir.toString());
    env.put("FATIGUE_GUARD_IMAGE_CDS_DIR", config.resolveSibling(name + ".cds").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("PATH", Path.of(java).getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("JAVA_TOOL_OPTIONS", String.join(" ", options));
    return builder;
  }

  /** The image builder's class-path file lists every jar; expand the wildcard as it would. */
  private static String expanded(String classPath) {
    return Stream.of(classPath.split(File.pathSeparator))
        .flatMap(
            entry -> {
              if (!entry.endsWith("*")) {
                return Stream.of(entry);
              }
              File[] jars = new File(entry.substring(0, entry.length() - 1)).listFiles();
              return jars == null
                  ? Stream.empty()
                  : Stream.of(jars).map(File::getPath).filter(p -> p.endsWith(".jar")).sorted();
            })
        .collect(Collectors.joining(File.pathSeparator));
  }
}
