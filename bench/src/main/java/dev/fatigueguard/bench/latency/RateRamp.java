package dev.fatigueguard.bench.latency;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest rate a setup sustains by trying rates upwards from a start in fixed steps. A
 * rate that fails is tried once more before the ramp stops, because one probe on a shared machine
 * can fail for reasons that have nothing to do with the rate (a GC pause, a neighbour's burst); a
 * rate that fails twice ends the ramp, and the last rate that passed is the maximum.
 *
 * <p>The probe is a function so that the search can be tested without a broker.
 */
public final class RateRamp {

  /** Runs the setup at one rate; true if it kept up. */
  @FunctionalInterface
  public interface Probe {
    boolean sustains(int rate) throws Exception;
  }

  /** One probe's outcome, in the order they ran. */
  public record Step(int rate, boolean sustained) {}

  /**
   * @param maximum the highest rate that passed, or 0 if even the start failed twice
   * @param steps every probe, retries included
   */
  public record Result(int maximum, List<Step> steps) {}

  private final int start;
  private final int step;
  private final int limit;

  /**
   * @param start the first rate tried
   * @param step how much each next rate adds
   * @param limit no rate above this is tried (the ramp then reports the last one that passed)
   */
  public RateRamp(int start, int step, int limit) {
    if (start <= 0 || step <= 0 || limit < start) {
      throw new IllegalArgumentException(
          "need 0 < start <= limit and step > 0, got start "
              + start
              + ", step "
              + step
              + ", limit "
              + limit);
    }
    this.start = start;
    this.step = step;
    this.limit = limit;
  }

  public Result run(Probe probe) throws Exception {
    List<Step> steps = new ArrayList<>();
    int maximum = 0;
    for (int rate = start; rate <= limit; rate += step) {
      boolean sustained = probe.sustains(rate);
      steps.add(new Step(rate, sustained));
      if (!sustained) {
        sustained = probe.sustains(rate);
        steps.add(new Step(rate, sustained));
      }
      if (!sustained) {
        break;
      }
      maximum = rate;
    }
    return new Result(maximum, List.copyOf(steps));
  }
}
