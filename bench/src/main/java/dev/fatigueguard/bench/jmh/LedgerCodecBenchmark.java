package dev.fatigueguard.bench.jmh;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.ledger.LedgerCodec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The ledger's round trip through its stored form, which the guard pays on every message. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LedgerCodecBenchmark {

  @Param({"1", "10", "100"})
  public int contacts;

  private ContactLedger ledger;
  private byte[] encoded;

  @Setup
  public void setUp() {
    ledger = CoreFixtures.ledger(contacts, 1_764_000_000_000L, Duration.ofHours(6));
    encoded = LedgerCodec.encode(ledger);
  }

  @Benchmark
  public byte[] encode() {
    return LedgerCodec.encode(ledger);
  }

  @Benchmark
  public ContactLedger decode() {
    return LedgerCodec.decode(encoded);
  }
}
