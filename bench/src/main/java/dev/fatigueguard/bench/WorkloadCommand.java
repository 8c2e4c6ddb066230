package dev.fatigueguard.bench;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.bench.e2e.Workload;
import dev.fatigueguard.decision.Decider;
import dev.fatigueguard.decision.MessageFacts;
import dev.fatigueguard.decision.Outcome;
import dev.fatigueguard.decision.Verdict;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.topology.ModelMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays the e2e workload through the core alone (no Kafka) to show what it exercises: the share
 * of messages each rule suppresses. The e2e run reports the same share from the guard's output.
 */
@Command(
    name = "workload",
    mixinStandardHelpOptions = true,
    description = "Outcome mix of the e2e workload, decided by the core in memory.")
public final class WorkloadCommand implements Callable<Integer> {

  @Option(names = "--messages", defaultValue = "500000", description = "(default ${DEFAULT-VALUE})")
  int messages;

  @Option(names = "--customers", defaultValue = "50000", description = "(default ${DEFAULT-VALUE})")
  int customers;

  @Override
  public Integer call() {
    long end = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
    long start = end - Duration.ofDays(30).toMillis();
    double step = (double) (end - start) / messages;
    Policy policy = Workload.platformPolicy();
    Map<String, CustomerPreferences> prefs = new HashMap<>();
    Workload.preferences(customers, Instant.ofEpochMilli(end))
        .forEach(p -> prefs.put(p.customerId(), p));
    Map<String, ContactLedger> ledgers = new HashMap<>();
    Set<String> seen = new HashSet<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    Workload workload = new Workload(customers, 42);
    for (int i = 0; i < messages; i++) {
      long now = start + (long) (i * step);
      OutboundMessage m = workload.next(now);
      if (!seen.add(m.getMessageId())) {
        outcomes.merge("DROPPED/DUPLICATE", 1, Integer::sum);
        continue;
      }
      EffectiveRules rules = Layering.resolve(policy, null, prefs.get(m.getCustomerId()));
      ContactLedger ledger = ledgers.computeIfAbsent(m.getCustomerId(), k -> new ContactLedger());
      ledger.pruneBefore(now - rules.longestWindow().toMillis());
      MessageFacts facts = ModelMapping.facts(m);
      Verdict v = Decider.decide(facts, rules, ledger, now, Decider.LIVE);
      if (v.outcome() == Outcome.APPROVE && v.counts()) {
        ledger.record(now, facts.channel(), facts.category(), facts.tags());
      }
      outcomes.merge(
          v.outcome() == Outcome.APPROVE ? "APPROVED" : v.outcome() + "/" + v.reason(),
          1,
          Integer::sum);
    }
    int approved = outcomes.getOrDefault("APPROVED", 0);
    outcomes.forEach(
        (k, v) ->
            System.out.printf(Locale.ROOT, "%-28s %8d %5.1f %%%n", k, v, 100.0 * v / messages));
    System.out.printf(
        Locale.ROOT,
        "suppressed (not approved)    %8d %5.1f %%%n",
        messages - approved,
        100.0 * (messages - approved) / messages);
    return 0;
  }
}
