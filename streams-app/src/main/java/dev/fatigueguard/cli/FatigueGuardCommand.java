package dev.fatigueguard.cli;

import dev.fatigueguard.app.StartupTimeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fatigue-guard} command line. */
@Command(
    name = "fatigue-guard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Caps what every customer receives, across every channel and sender.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      TopicsCommand.class,
      PolicyCommand.class,
      PreferencesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FatigueGuardCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * The command line with every production subcommand; other distributions add theirs to it (the
   * fatigue-guard.jar of the demo module adds simulate, generate-history and demo).
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FatigueGuardCommand());
    cli.setExecutionExceptionHandler(new FriendlyErrors());
    return cli;
  }

  public static void main(String[] args) {
    StartupTimeline.mainEntered();
    System.exit(commandLine().execute(args));
  }
}
