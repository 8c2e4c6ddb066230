package dev.fatigueguard.cli;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.preflight.ClusterConnection;
import dev.fatigueguard.preflight.Preflight;
import dev.fatigueguard.preflight.PreflightReport;
import dev.fatigueguard.preflight.QuietClientLogs;
import dev.fatigueguard.topology.TopicPlan;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fatigue-guard topics}: lists, checks or creates the topics the guard needs. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description =
        "List the guard's topics, check them against the cluster, or create the missing ones.")
final class TopicsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigFileOption config;

  @Option(names = "--create", description = "Create missing topics.")
  boolean create;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of created topics (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "3",
      description = "Replication factor of created topics (default ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Override
  public Integer call() throws Exception {
    if (partitions < 1 || replicationFactor < 1) {
      throw new ParameterException(
          spec.commandLine(),
          partitions < 1
              ? "--partitions must be at least 1, was " + partitions
              : "--replication-factor must be at least 1, was " + replicationFactor);
    }
    GuardConfig guardConfig = config.load();
    TopicPlan plan = new TopicPlan(guardConfig);
    var out = spec.commandLine().getOut();
    for (TopicPlan.Topic t : plan.topics()) {
      out.printf("%-45s %-10s %s%n", t.name(), t.compacted() ? "compacted" : "delete", t.purpose());
    }
    out.flush();
    try (QuietClientLogs quiet = QuietClientLogs.open();
        ClusterConnection cluster = ClusterConnection.open(guardConfig)) {
      cluster.describe();
      if (create) {
        List<String> created = plan.createMissing(cluster.admin(), partitions, replicationFactor);
        out.println(
            created.isEmpty() ? "all topics exist" : "created: " + String.join(", ", created));
      }
      PreflightReport report = Preflight.topics(cluster, guardConfig);
      report.lines().forEach(out::println);
      return report.ok() ? 0 : 1;
    }
  }
}
