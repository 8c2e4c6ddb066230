package dev.fatigueguard.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A miniature guard for property tests: feeds one customer's messages in time order through {@link
 * Decider} and {@link ContactLedger} the way the topology does (record approved contacts, keep held
 * messages, release them at their releaseAt in {@link HeldOrder}, prune the ledger), and checks
 * every single decision against the {@link RuleOracle} as it goes.
 */
final class GuardSimulation {

  record Arrival(long at, MessageFacts message) {}

  record Approval(long at, MessageFacts message, boolean exempt, boolean counted) {}

  private record Held(MessageFacts message, long heldSince, long releaseAt) {}

  private final Policy platform;
  private final Policy tenant;
  private final CustomerPreferences customer;
  private final RuleOracle oracle;
  private final ContactLedger ledger = new ContactLedger();
  private final List<RuleOracle.Counted> counted = new ArrayList<>();
  private final List<Approval> approvals = new ArrayList<>();
  private final Map<String, List<String>> outcomes = new LinkedHashMap<>();
  private final List<Held> held = new ArrayList<>();
  private final Map<String, Long> lastReleaseAt = new HashMap<>();
  private final List<String> superseded = new ArrayList<>();
  private final long longestWindow;
  final Map<String, Integer> verdictKinds = new TreeMap<>();
  int holds;

  GuardSimulation(Policy platform, Policy tenant, CustomerPreferences customer) {
    this.platform = platform;
    this.tenant = tenant;
    this.customer = customer;
    this.oracle = new RuleOracle(platform, tenant, customer);
    long longest = 0;
    List<Cap> all = new ArrayList<>(platform.caps());
    if (tenant != null) {
      all.addAll(tenant.caps());
    }
    if (customer != null) {
      all.addAll(customer.caps());
    }
    for (Cap cap : all) {
      longest = Math.max(longest, cap.horizon().toMillis());
    }
    this.longestWindow = longest;
  }

  RuleOracle oracle() {
    return oracle;
  }

  List<Approval> approvals() {
    return approvals;
  }

  Map<String, List<String>> outcomes() {
    return outcomes;
  }

  /** Ids of held messages a newer one superseded, in the order it happened. */
  List<String> superseded() {
    return superseded;
  }

  List<MessageFacts> stillHeld() {
    return held.stream().map(Held::message).toList();
  }

  private EffectiveRules rulesFor(MessageFacts m) {
    return Layering.resolve(platform, m.tenant() == null ? null : tenant, customer);
  }

  void run(List<Arrival> arrivals, long stopAt) {
    int next = 0;
    for (int step = 0; ; step++) {
      assertThat(step).as("the simulation must terminate").isLessThan(100_000);
      long nextArrival = next < arrivals.size() ? arrivals.get(next).at() : Long.MAX_VALUE;
      long nextRelease = held.stream().mapToLong(Held::releaseAt).min().orElse(Long.MAX_VALUE);
      long now = Math.min(nextArrival, nextRelease);
      if (now == Long.MAX_VALUE || now > stopAt) {
        return;
      }
      if (nextRelease <= nextArrival) {
        List<Held> due = new ArrayList<>(held.stream().filter(h -> h.releaseAt() <= now).toList());
        held.removeAll(due);
        due.sort((a, b) -> HeldOrder.INSTANCE.compare(a.message(), b.message()));
        for (Held h : due) {
          assertThat(now)
              .as("released no earlier than its releaseAt")
              .isGreaterThanOrEqualTo(h.releaseAt());
          decideAndApply(h.message(), now, h.heldSince());
        }
      } else {
        MessageFacts m = arrivals.get(next++).message();
        outcomes.put(m.messageId(), new ArrayList<>());
        supersedeHeldBy(m);
        decideAndApply(m, now, Decider.LIVE);
        assertThat(
                held.stream()
                    .map(h -> h.message().collapseKey())
                    .filter(java.util.Objects::nonNull)
                    .toList())
            .as("at most one held message per collapseKey")
            .doesNotHaveDuplicates();
      }
      ledger.pruneBefore(now - longestWindow);
    }
  }

  /** As the topology does before judging a new message: held ones it supersedes are dropped. */
  private void supersedeHeldBy(MessageFacts m) {
    for (Held h : List.copyOf(held)) {
      if (Superseding.supersedes(m, h.message())) {
        held.remove(h);
        Verdict verdict = Superseding.verdict(m);
        outcomes.get(h.message().messageId()).add("DROPPED:" + verdict.reason());
        superseded.add(h.message().messageId());
      }
    }
  }

  private void decideAndApply(MessageFacts m, long now, long heldSince) {
    EffectiveRules rules = rulesFor(m);
    Verdict verdict = Decider.decide(m, rules, ledger, now, heldSince);
    verdictKinds.merge(
        verdict.outcome()
            + (verdict.reason() == null ? "" : ":" + verdict.reason())
            + (heldSince >= 0 ? " (held)" : ""),
        1,
        Integer::sum);
    checkAgainstOracle(m, now, heldSince, verdict, rules);
    List<String> history = outcomes.get(m.messageId());
    switch (verdict.outcome()) {
      case APPROVE -> {
        Long releaseAt = lastReleaseAt.get(m.messageId());
        if (releaseAt != null) {
          assertThat(now).isGreaterThanOrEqualTo(releaseAt);
        }
        history.add(heldSince >= 0 ? "RELEASED" : "APPROVED");
        if (verdict.counts()) {
          ledger.record(now, m.channel(), m.category(), m.tags(), m.campaignId(), m.tenant());
          counted.add(
              new RuleOracle.Counted(now, m.channel(), m.category(), m.tags(), m.campaignId()));
        }
        approvals.add(new Approval(now, m, oracle.exempt(m), verdict.counts()));
      }
      case DROP -> history.add("DROPPED:" + verdict.reason());
      case HOLD -> {
        holds++;
        held.add(new Held(m, heldSince >= 0 ? heldSince : now, verdict.releaseAtMillis()));
        lastReleaseAt.put(m.messageId(), verdict.releaseAtMillis());
      }
    }
  }

  private void checkAgainstOracle(
      MessageFacts m, long now, long heldSince, Verdict verdict, EffectiveRules rules) {
    String context =
        m + " at " + Instant.ofEpochMilli(now) + " heldSince " + heldSince + " -> " + verdict;
    long start = heldSince >= 0 ? heldSince : now;
    long maxDelayDeadline = start + oracle.maxDelayMillis(m);
    boolean expired =
        (m.hasExpiry() && m.expiresAtMillis() <= now)
            || (heldSince >= 0 && now >= maxDelayDeadline);
    if (expired) {
      assertThat(verdict.reason()).as(context).isEqualTo(Reason.EXPIRED);
      assertThat(verdict.outcome()).as(context).isEqualTo(Outcome.DROP);
      return;
    }
    if (oracle.optedOut(m)) {
      assertThat(verdict.outcome()).as(context).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).as(context).isEqualTo(Reason.OPTED_OUT);
      return;
    }
    if (oracle.exempt(m)) {
      assertThat(verdict.outcome()).as(context).isEqualTo(Outcome.APPROVE);
      assertThat(verdict.counts()).as(context).isEqualTo(oracle.countExempt(m));
      return;
    }
    Reason firstBlocker =
        oracle.snoozedAt(now)
            ? Reason.SNOOZED
            : oracle.quietAt(m, now)
                ? Reason.QUIET_HOURS
                : oracle.outsideSendWindowAt(m, now)
                    ? Reason.OUTSIDE_SEND_WINDOW
                    : Reason.CAP_EXCEEDED;
    if (oracle.hasZeroCap(m)) {
      // It can never be sent: dropped at once, named by the documented order of rules.
      assertThat(verdict.outcome()).as(context).isEqualTo(Outcome.DROP);
      assertThat(verdict.reason()).as(context).isEqualTo(firstBlocker);
      return;
    }
    if (oracle.allowsAt(m, now, counted)) {
      assertThat(verdict.outcome()).as(context).isEqualTo(Outcome.APPROVE);
      assertThat(verdict.counts()).as(context).isTrue();
      return;
    }
    boolean heldBefore = heldSince >= 0;
    if (heldBefore && verdict.outcome() == Outcome.DROP) {
      // A held message that can no longer make its deadline expires.
      assertThat(verdict.reason()).as(context).isEqualTo(Reason.EXPIRED);
    } else {
      assertThat(verdict.reason()).as(context).isEqualTo(firstBlocker);
    }
    if (oracle.overflowFor(m) == Overflow.DROP || !m.deferrable()) {
      assertThat(verdict.outcome()).as(context).isEqualTo(Outcome.DROP);
      return;
    }
    long deadline =
        m.hasExpiry() ? Math.min(m.expiresAtMillis(), maxDelayDeadline) : maxDelayDeadline;
    long searchedUntil;
    if (verdict.outcome() == Outcome.HOLD) {
      long releaseAt = verdict.releaseAtMillis();
      assertThat(releaseAt).as(context).isGreaterThan(now).isLessThan(deadline);
      assertThat(oracle.allowsAt(m, releaseAt, counted))
          .as(context + ": every rule allows it at releaseAt")
          .isTrue();
      // Decided again with the ledger unchanged: still held just before, approved at releaseAt.
      assertThat(Decider.decide(m, rules, ledger, releaseAt - 1, start).outcome())
          .as(context)
          .isNotEqualTo(Outcome.APPROVE);
      assertThat(Decider.decide(m, rules, ledger, releaseAt, start).outcome())
          .as(context)
          .isEqualTo(Outcome.APPROVE);
      searchedUntil = releaseAt;
    } else {
      assertThat(verdict.outcome()).as(context).isEqualTo(Outcome.DROP);
      searchedUntil = deadline;
    }
    for (long candidate : oracle.unblockCandidates(m, now, searchedUntil, counted)) {
      assertThat(oracle.allowsAt(m, candidate, counted))
          .as(
              context
                  + ": nothing earlier than the answer is allowed, but "
                  + Instant.ofEpochMilli(candidate)
                  + " is")
          .isFalse();
    }
  }
}
