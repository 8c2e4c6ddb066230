package dev.fatigueguard.cli;

import dev.fatigueguard.config.InvalidConfigurationException;
import dev.fatigueguard.policy.InvalidPolicyException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import picocli.CommandLine;

/**
 * Expected failures (bad configuration, bad policy, missing topics) print their message, which
 * names what is wrong, instead of a stack trace; unexpected ones keep the stack trace.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

  static final int CONFIG_ERROR = 2;
  static final int RUNTIME_ERROR = 1;

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    if (e instanceof InvalidConfigurationException || e instanceof InvalidPolicyException) {
      cli.getErr().println("fatigue-guard: " + e.getMessage());
      return CONFIG_ERROR;
    }
    FileSystemException file = fileProblem(e);
    if (file != null) {
      cli.getErr()
          .println(
              "fatigue-guard: cannot read " + file.getFile() + ": " + FileProblem.reason(file));
      return CONFIG_ERROR;
    }
    if (e instanceof IllegalStateException) {
      cli.getErr().println("fatigue-guard: " + e.getMessage());
      return RUNTIME_ERROR;
    }
    e.printStackTrace(cli.getErr());
    return RUNTIME_ERROR;
  }

  /** A file named on the command line that is missing or unreadable is the user's to fix. */
  private static FileSystemException fileProblem(Exception e) {
    Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
    return t instanceof FileSystemException f && f.getFile() != null ? f : null;
  }
}
