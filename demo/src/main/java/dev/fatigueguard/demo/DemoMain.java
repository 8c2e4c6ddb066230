package dev.fatigueguard.demo;

import dev.fatigueguard.cli.FatigueGuardCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code fatigue-guard.jar}: the production command line with {@code demo} added, so
 * the one jar both runs the demo and runs the guard against a real cluster.
 */
public final class DemoMain {

  private DemoMain() {}

  public static CommandLine commandLine() {
    return FatigueGuardCommand.commandLine()
        .addSubcommand(new DemoCommand())
        .addSubcommand(new LoadCommand());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
