package dev.fatigueguard.bench.jmh;

import dev.fatigueguard.decision.Decider;
import dev.fatigueguard.decision.MessageFacts;
import dev.fatigueguard.decision.Verdict;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.EffectiveRules;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions per second on one core: a three-cap policy against a warm ten-contact ledger, for a
 * message that passes (the common case) and one that a full cap drops (builds the reason text).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DecideBenchmark {

  private EffectiveRules rules;
  private ContactLedger roomy;
  private ContactLedger hourFull;
  private MessageFacts message;
  private long now;

  @Setup
  public void setUp() {
    now = 1_764_000_000_000L;
    rules = CoreFixtures.threeCapRules();
    // Ten contacts over the last ten hours: every cap has room.
    roomy = CoreFixtures.ledger(10, now, Duration.ofHours(1).plusMinutes(1));
    // Ten contacts over the last 50 minutes: the hourly cap (3) is full.
    hourFull = CoreFixtures.ledger(10, now, Duration.ofMinutes(5));
    message = CoreFixtures.marketingEmail(now);
  }

  @Benchmark
  public Verdict approveThreeCapsTenContacts() {
    return Decider.decide(message, rules, roomy, now, Decider.LIVE);
  }

  @Benchmark
  public Verdict dropOnFullCapTenContacts() {
    return Decider.decide(message, rules, hourFull, now, Decider.LIVE);
  }
}
