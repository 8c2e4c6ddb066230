package dev.fatigueguard.demo;

import dev.fatigueguard.app.StartupTimeline;
import dev.fatigueguard.cli.FatigueGuardCommand;
import dev.fatigueguard.simulate.GenerateHistoryCommand;
import dev.fatigueguard.simulate.SimulateCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code fatigue-guard.jar}: the production command line with the replay ({@code
 * simulate}, {@code generate-history}) and {@code demo} added, so the one jar runs the demo, tries
 * policies on past traffic and runs the guard against a real cluster.
 */
public final class DemoMain {

  private DemoMain() {}

  public static CommandLine commandLine() {
    return FatigueGuardCommand.commandLine()
        .addSubcommand(new SimulateCommand())
        .addSubcommand(new GenerateHistoryCommand())
        .addSubcommand(new DemoCommand())
        .addSubcommand(new LoadCommand());
  }

  public static void main(String[] args) {
    StartupTimeline.mainEntered();
    System.exit(commandLine().execute(args));
  }
}
