package dev.fatigueguard.bench;

import dev.fatigueguard.bench.jmh.CoreFixtures;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.ledger.LedgerCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Bytes of one customer's stored ledger (the value only; the RocksDB key is the customer id). */
@Command(
    name = "ledger-size",
    mixinStandardHelpOptions = true,
    description = "Encoded ledger bytes per customer for 1, 10, 100 contacts.")
public final class LedgerSizeCommand implements Callable<Integer> {

  @Option(
      names = "--contacts",
      split = ",",
      defaultValue = "1,10,100",
      description = "(default ${DEFAULT-VALUE})")
  List<Integer> contacts;

  @Override
  public Integer call() {
    System.out.println("| contacts | ledger bytes | bytes per contact |");
    System.out.println("|---|---|---|");
    for (int n : contacts) {
      ContactLedger ledger = CoreFixtures.ledger(n, 1_764_000_000_000L, Duration.ofHours(6));
      int bytes = LedgerCodec.encode(ledger).length;
      System.out.printf(
          java.util.Locale.ROOT, "| %d | %d | %.1f |%n", n, bytes, (double) bytes / n);
    }
    return 0;
  }
}
