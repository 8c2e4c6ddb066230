package dev.fatigueguard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Runs the JMH micro-benchmarks compiled into this jar; every argument goes to JMH as is (try
 * {@code -h}).
 */
@Command(
    name = "jmh",
    description =
        "JMH micro-benchmarks of the core (arguments are JMH's, e.g. -f 1 -wi 3 -i 5 Decide).")
public final class JmhCommand implements Callable<Integer> {

  /**
   * JMH's own options (-f, -wi, -rf, ...) are not picocli's, so they are passed through untouched.
   */
  @Unmatched List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
    return 0;
  }
}
