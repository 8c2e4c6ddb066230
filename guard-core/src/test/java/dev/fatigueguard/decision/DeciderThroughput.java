package dev.fatigueguard.decision;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A rough single-thread throughput check of the hot path, run by hand and not by surefire (timing
 * on a shared CI machine is noise): {@code java -cp target/classes:target/test-classes
 * dev.fatigueguard.decision.DeciderThroughput}. A plain loop, not JMH: read the numbers as an order
 * of magnitude.
 */
public final class DeciderThroughput {

  private DeciderThroughput() {}

  public static void main(String[] args) {
    long now = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    List<Cap> caps =
        List.of(
            new Cap("daily", 20, Duration.ofDays(1)),
            new Cap(
                "marketing-weekly",
                50,
                Duration.ofDays(7),
                new Scope(Set.of(), Set.of("MARKETING", "PROMOTIONAL"), Set.of())),
            new Cap(
                "sms-gap", 1, Duration.ofHours(16), new Scope(Set.of("SMS"), Set.of(), Set.of())));
    Policy plain =
        new Policy(
            "default", caps, List.of(), ZoneId.of("Europe/Berlin"), null, null, false, null, null);
    Policy withQuiet =
        new Policy(
            "default",
            caps,
            List.of(new QuietPeriod("night", LocalTime.of(21, 0), LocalTime.of(8, 0))),
            ZoneId.of("Europe/Berlin"),
            null,
            null,
            false,
            null,
            null);
    Policy tenant =
        new Policy(
            "acme",
            List.of(new Cap("daily", 10, Duration.ofDays(1))),
            List.of(),
            null,
            null,
            null,
            false,
            null,
            null);
    CustomerPreferences prefs =
        new CustomerPreferences(
            "c-1",
            null,
            List.of(new Cap("mine", 5, Duration.ofDays(1))),
            List.of(),
            List.of(),
            null,
            null);

    ContactLedger ledger = new ContactLedger();
    for (int i = 0; i < 10; i++) {
      ledger.record(
          now - (10 - i) * 3_600_000L * 13,
          i % 2 == 0 ? "EMAIL" : "PUSH",
          i % 3 == 0 ? "MARKETING" : "SERVICE",
          i % 4 == 0 ? Set.of("promo") : Set.of());
    }
    MessageFacts message =
        new MessageFacts(
            "m-1",
            "c-1",
            "acme",
            "EMAIL",
            "MARKETING",
            Set.of("promo"),
            1,
            now,
            MessageFacts.NO_EXPIRY,
            true);

    EffectiveRules threeCaps = Layering.resolve(plain, null, null);
    EffectiveRules threeCapsQuiet = Layering.resolve(withQuiet, null, null);
    for (int round = 0; round < 3; round++) {
      report(
          "decide, 3 caps, 10 contacts",
          () -> Decider.decide(message, threeCaps, ledger, now, Decider.LIVE));
      report(
          "decide, 3 caps + quiet hours (Berlin)",
          () -> Decider.decide(message, threeCapsQuiet, ledger, now, Decider.LIVE));
      report(
          "resolve 3 layers + decide (5 caps)",
          () ->
              Decider.decide(
                  message, Layering.resolve(plain, tenant, prefs), ledger, now, Decider.LIVE));
    }
  }

  private static void report(String what, Supplier<Verdict> decision) {
    int n = 3_000_000;
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink += decision.get().windowCounts().size();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-40s %,12.0f decisions/s (%d)%n", what, n / seconds, sink % 7);
  }
}
