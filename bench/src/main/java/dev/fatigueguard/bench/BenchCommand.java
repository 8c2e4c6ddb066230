package dev.fatigueguard.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar bench/target/fatigue-guard-bench.jar
 * <e2e|latency|scale|failover|workload|ledger-size|jmh|chart> ...}
 */
@Command(
    name = "fatigue-guard-bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks of fatigue-guard: end-to-end against a pass-through topology, latency, scale, workload mix, JMH.",
    subcommands = {
      EndToEndBenchmark.class,
      LatencyBenchmark.class,
      ScaleBenchmark.class,
      FailoverBenchmark.class,
      WorkloadCommand.class,
      LedgerSizeCommand.class,
      JmhCommand.class,
      ChartCommand.class
    })
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    // The guard's jar on the class path brings its own logback.xml; name ours explicitly, before
    // any
    // logger exists, so logback neither warns about two of them nor picks the guard's.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
    int code = new CommandLine(new BenchCommand()).execute(args);
    System.exit(code);
  }
}
