package dev.fatigueguard.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.Period;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyValidation;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import dev.fatigueguard.policy.SendWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * SPEC invariants 1-3 on random policies and random message streams, checked against the
 * independent {@link RuleOracle}. {@link GuardSimulation} also checks every single decision
 * (outcome, reason, and that a releaseAt is the earliest instant every rule allows).
 */
class GuardInvariantsProperties {

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /** Near DST changes on purpose: New York and Berlin, spring and autumn 2026. */
  private static final List<Long> START_POINTS =
      List.of(
          Instant.parse("2026-03-08T05:00:00Z").toEpochMilli(),
          Instant.parse("2026-03-29T00:00:00Z").toEpochMilli(),
          Instant.parse("2026-10-25T00:00:00Z").toEpochMilli(),
          Instant.parse("2026-11-01T05:00:00Z").toEpochMilli(),
          Instant.parse("2026-11-24T12:00:00Z").toEpochMilli());

  private static final List<String> CHANNELS = List.of("EMAIL", "SMS", "PUSH");
  private static final List<String> CATEGORIES =
      List.of("MARKETING", "SERVICE", "NEWSLETTER", "TRANSACTIONAL", "SECURITY");
  private static final List<String> TAGS = List.of("promo", "vip");
  private static final List<String> CAMPAIGNS = List.of("spring", "easter");
  private static final List<String> COLLAPSE_KEYS = List.of("order-1", "order-2");

  record Scenario(
      Policy platform,
      Policy tenant,
      CustomerPreferences customer,
      List<GuardSimulation.Arrival> arrivals,
      long stopAt) {}

  @Property(tries = 1000, edgeCases = EdgeCasesMode.FIRST)
  void theGuardKeepsTheSpecInvariants(@ForAll("scenarios") Scenario scenario) {
    GuardSimulation simulation =
        new GuardSimulation(scenario.platform(), scenario.tenant(), scenario.customer());
    simulation.run(scenario.arrivals(), scenario.stopAt());
    RuleOracle oracle = simulation.oracle();
    List<GuardSimulation.Approval> approvals = simulation.approvals();

    // (1) No cap is exceeded by approvals it governs, in any rolling window; and every
    // non-exempt approval found room among ALL counted contacts before it.
    for (int k = 0; k < approvals.size(); k++) {
      GuardSimulation.Approval a = approvals.get(k);
      if (a.exempt()) {
        continue;
      }
      for (Cap cap : oracle.capsFor(a.message())) {
        if (cap.period() != null) {
          // No local calendar period over its cap: counted contacts before a in a's period, and
          // approvals it governs in that period (in the same zone), stay within max.
          ZoneId zone = oracle.zoneFor(a.message());
          int before = 0;
          int governedInPeriod = 0;
          for (int j = 0; j < approvals.size(); j++) {
            GuardSimulation.Approval b = approvals.get(j);
            boolean matches = countsFor(cap, a, b);
            boolean samePeriod = RuleOracle.samePeriod(cap.period(), zone, a.at(), b.at());
            if (j < k && b.counted() && matches && samePeriod) {
              before++;
            }
            if (!b.exempt()
                && matches
                && samePeriod
                && oracle.capsFor(b.message()).contains(cap)
                && oracle.zoneFor(b.message()).equals(zone)) {
              governedInPeriod++;
            }
          }
          assertThat(before).as("counted contacts before %s in %s", a, cap).isLessThan(cap.max());
          assertThat(governedInPeriod)
              .as("approvals in the local period of %s for %s", a, cap)
              .isLessThanOrEqualTo(cap.max());
          continue;
        }
        long w = cap.window().toMillis();
        int before = 0;
        int governedInWindowFromHere = 0;
        for (int j = 0; j < approvals.size(); j++) {
          GuardSimulation.Approval b = approvals.get(j);
          boolean matches = countsFor(cap, a, b);
          if (j < k && b.counted() && matches && b.at() > a.at() - w) {
            before++;
          }
          if (!b.exempt()
              && matches
              && oracle.capsFor(b.message()).contains(cap)
              && b.at() >= a.at()
              && b.at() < a.at() + w) {
            governedInWindowFromHere++;
          }
        }
        assertThat(before).as("counted contacts before %s in %s", a, cap).isLessThan(cap.max());
        assertThat(governedInWindowFromHere)
            .as("approvals in the window starting at %s for %s", a, cap)
            .isLessThanOrEqualTo(cap.max());
      }
    }

    // (2) Every message ends in exactly one terminal outcome, or is still held (and only then).
    List<String> stillHeld = simulation.stillHeld().stream().map(MessageFacts::messageId).toList();
    assertThat(stillHeld).doesNotHaveDuplicates();
    for (GuardSimulation.Arrival arrival : scenario.arrivals()) {
      if (arrival.at() > scenario.stopAt()) {
        continue;
      }
      String id = arrival.message().messageId();
      List<String> terminal = simulation.outcomes().get(id);
      assertThat(terminal).as(id).isNotNull();
      if (stillHeld.contains(id)) {
        assertThat(terminal).as(id + " is held").isEmpty();
      } else {
        assertThat(terminal).as(id).hasSize(1);
      }
    }

    // (3) Opt-outs are never violated; snoozes, quiet hours and send windows never by a non-exempt
    // message.
    for (GuardSimulation.Approval a : approvals) {
      assertThat(oracle.optedOut(a.message())).as("opted out: %s", a).isFalse();
      if (!a.exempt()) {
        assertThat(oracle.snoozedAt(a.at())).as("snoozed: %s", a).isFalse();
        assertThat(oracle.quietAt(a.message(), a.at())).as("quiet hours: %s", a).isFalse();
        assertThat(oracle.outsideSendWindowAt(a.message(), a.at()))
            .as("outside send windows: %s", a)
            .isFalse();
      }
    }

    // (4) A superseded message is never delivered, and was held when it was superseded.
    for (GuardSimulation.Approval a : approvals) {
      assertThat(simulation.superseded())
          .as("delivered: %s", a)
          .doesNotContain(a.message().messageId());
    }
    for (String id : simulation.superseded()) {
      assertThat(simulation.outcomes().get(id)).as(id).containsExactly("DROPPED:SUPERSEDED");
    }

    Statistics.label("superseded").collect(simulation.superseded().isEmpty() ? "0" : "1+");
    Statistics.label("held")
        .collect(simulation.holds == 0 ? "0" : simulation.holds < 5 ? "1-4" : "5+");
    Statistics.label("approved")
        .collect(approvals.isEmpty() ? "none" : approvals.size() < 5 ? "1-4" : "5+");
    simulation.verdictKinds.forEach((kind, n) -> Statistics.label("verdicts").collect(kind));
  }

  /**
   * Whether approval b counts towards cap as a judges it (per-campaign caps: b of a's campaign).
   */
  private static boolean countsFor(
      Cap cap, GuardSimulation.Approval a, GuardSimulation.Approval b) {
    MessageFacts m = b.message();
    return RuleOracle.countsFor(
        cap, a.message(), m.channel(), m.category(), m.tags(), m.campaignId());
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Policy> platform = policies("default");
    Arbitrary<Policy> tenant = policies("acme").injectNull(0.3);
    Arbitrary<
            Tuple.Tuple7<
                List<Cap>,
                List<QuietPeriod>,
                List<OptOutRule>,
                Long,
                ZoneId,
                Overflow,
                List<SendWindow>>>
        customer =
            Combinators.combine(
                    capLists("mine"),
                    quietLists("my-quiet"),
                    optOuts().list().ofMaxSize(2),
                    Arbitraries.longs().between(-DAY, 2 * DAY).injectNull(0.6),
                    zones().injectNull(0.5),
                    Arbitraries.of(Overflow.class).injectNull(0.6),
                    windowLists("my-window"))
                .as(Tuple::of);
    Arbitrary<Boolean> hasCustomer = Arbitraries.of(true, true, true, false);
    Arbitrary<Long> start =
        Arbitraries.of(START_POINTS)
            .flatMap(base -> Arbitraries.longs().between(base - 2 * DAY, base + 2 * DAY));
    Arbitrary<List<MessageSpec>> messages = messageSpecs().list().ofMinSize(5).ofMaxSize(40);
    Arbitrary<Long> tail = Arbitraries.longs().between(0, 4 * DAY);

    return Combinators.combine(platform, tenant, customer, hasCustomer, start, messages, tail)
        .as(
            (p, t, c, withCustomer, startAt, specs, extra) -> {
              CustomerPreferences prefs =
                  withCustomer
                      ? PolicyValidation.requireValid(
                          new CustomerPreferences(
                              "c-1",
                              c.get5(),
                              c.get1(),
                              c.get2(),
                              c.get3(),
                              c.get4() == null ? null : Instant.ofEpochMilli(startAt + c.get4()),
                              c.get6(),
                              c.get7()))
                      : null;
              List<GuardSimulation.Arrival> arrivals = new ArrayList<>();
              long at = startAt;
              for (int i = 0; i < specs.size(); i++) {
                MessageSpec spec = specs.get(i);
                at += spec.gap();
                arrivals.add(new GuardSimulation.Arrival(at, spec.toMessage("m" + i, at)));
              }
              return new Scenario(
                  PolicyValidation.requireValid(p),
                  t == null ? null : PolicyValidation.requireValid(t),
                  prefs,
                  arrivals,
                  at + extra);
            });
  }

  private record MessageSpec(
      long gap,
      String channel,
      String category,
      Set<String> tags,
      int priority,
      long createdAgo,
      Long expiresIn,
      boolean deferrable,
      boolean withTenant,
      String campaign,
      String collapseKey) {
    MessageFacts toMessage(String id, long at) {
      return new MessageFacts(
          id,
          "c-1",
          withTenant ? "acme" : null,
          channel,
          category,
          tags,
          priority,
          at - createdAgo,
          expiresIn == null ? MessageFacts.NO_EXPIRY : at + expiresIn,
          deferrable,
          campaign,
          collapseKey);
    }
  }

  private Arbitrary<MessageSpec> messageSpecs() {
    Arbitrary<Long> gap =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0L)),
            Tuple.of(3, Arbitraries.longs().between(1, MINUTE)),
            Tuple.of(5, Arbitraries.longs().between(MINUTE, 3 * HOUR)),
            Tuple.of(2, Arbitraries.longs().between(3 * HOUR, DAY)));
    Arbitrary<String> category =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of("MARKETING", "NEWSLETTER")),
            Tuple.of(2, Arbitraries.just("SERVICE")),
            Tuple.of(2, Arbitraries.of("TRANSACTIONAL", "SECURITY")));
    return Combinators.combine(
            gap,
            Arbitraries.of(CHANNELS),
            category,
            Arbitraries.subsetOf(TAGS),
            Arbitraries.integers().between(0, 3),
            Arbitraries.longs().between(0, HOUR),
            Arbitraries.longs().between(0, 3 * DAY).injectNull(0.6),
            Arbitraries.of(true, true, true, false))
        .as(
            (g, ch, cat, tags, prio, ago, exp, deferrable) ->
                Tuple.of(g, ch, cat, tags, prio, ago, exp, deferrable))
        .flatMap(
            t ->
                Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of(CAMPAIGNS).injectNull(0.4),
                        Arbitraries.of(COLLAPSE_KEYS).injectNull(0.7))
                    .as(
                        (withTenant, campaign, collapseKey) ->
                            new MessageSpec(
                                t.get1(),
                                t.get2(),
                                t.get3(),
                                t.get4(),
                                t.get5(),
                                t.get6(),
                                t.get7(),
                                t.get8(),
                                withTenant,
                                campaign,
                                collapseKey)));
  }

  private Arbitrary<Policy> policies(String tenant) {
    Arbitrary<Tuple.Tuple2<Set<String>, Set<String>>> exemptions =
        Arbitraries.of(
            Tuple.of(Policy.DEFAULT_EXEMPT_CATEGORIES, Policy.DEFAULT_REQUIRED_CATEGORIES),
            Tuple.of(Set.of("TRANSACTIONAL"), Set.<String>of()),
            Tuple.of(Set.<String>of(), Set.<String>of()),
            Tuple.of(Set.of("SECURITY", "SERVICE"), Set.of("SECURITY")),
            Tuple.of(null, null));
    // Settings are left out now and then (null), so inheritance from the default policy and the
    // format's defaults are exercised too.
    return Combinators.combine(
            capLists(tenant + "-cap"),
            quietLists(tenant + "-quiet"),
            zones().injectNull(0.25),
            exemptions,
            Arbitraries.of(true, false).injectNull(0.25),
            Arbitraries.frequencyOf(
                    Tuple.of(4, Arbitraries.just(Overflow.DELAY)),
                    Tuple.of(1, Arbitraries.just(Overflow.DROP)))
                .injectNull(0.25),
            Arbitraries.of(
                    Duration.ofMinutes(10),
                    Duration.ofHours(1),
                    Duration.ofHours(6),
                    Duration.ofDays(1),
                    Duration.ofDays(3))
                .injectNull(0.25),
            Combinators.combine(
                    windowLists(tenant + "-window"),
                    Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(List.<String>of())),
                        Tuple.of(1, Arbitraries.just(List.of("us-tcpa")))))
                .as(Tuple::of))
        .as(
            (caps, quiet, zone, ex, countExempt, overflow, maxDelay, windows) ->
                new Policy(
                    tenant,
                    caps,
                    quiet,
                    zone,
                    ex.get1(),
                    ex.get2(),
                    countExempt,
                    overflow,
                    maxDelay,
                    windows.get1(),
                    windows.get2()));
  }

  private Arbitrary<List<Cap>> capLists(String prefix) {
    Arbitrary<Integer> max =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(8, Arbitraries.integers().between(1, 2)),
            Tuple.of(4, Arbitraries.integers().between(3, 5)));
    Arbitrary<Duration> window =
        Arbitraries.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(6),
            Duration.ofHours(16),
            Duration.ofDays(1),
            Duration.ofDays(2));
    // One cap in five counts per local calendar period instead of a rolling window.
    Arbitrary<Period> period = Arbitraries.of(Period.class).injectNull(0.8);
    // One cap in four counts each campaign separately.
    Arbitrary<Boolean> perCampaign = Arbitraries.of(false, false, false, true);
    return Combinators.combine(max, window, scopes(), period, perCampaign)
        .as(
            (m, w, s, p, each) ->
                (p == null ? new Cap("x", m, w, s) : Cap.perPeriod("x", m, p, s)).perCampaign(each))
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(
            caps ->
                IntStream.range(0, caps.size())
                    .mapToObj(i -> caps.get(i).withId(prefix + i))
                    .toList());
  }

  private Arbitrary<List<QuietPeriod>> quietLists(String prefix) {
    Arbitrary<LocalTime> time =
        Combinators.combine(Arbitraries.integers().between(0, 23), Arbitraries.of(0, 15, 30, 45))
            .as(LocalTime::of);
    Arbitrary<Set<DayOfWeek>> days =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(Set.<DayOfWeek>of())),
            Tuple.of(1, Arbitraries.subsetOf(DayOfWeek.values()).ofMinSize(1)));
    return Combinators.combine(time, time, days, scopes())
        .filter((start, end, d, s) -> !start.equals(end))
        .as((start, end, d, s) -> new QuietPeriod("x", start, end, d, s))
        .list()
        .ofMaxSize(2)
        .map(
            list ->
                IntStream.range(0, list.size())
                    .mapToObj(i -> list.get(i).withId(prefix + i))
                    .toList());
  }

  /** Mostly none, so that most messages are not held by windows and caps still fill up. */
  private Arbitrary<List<SendWindow>> windowLists(String prefix) {
    Arbitrary<LocalTime> time =
        Combinators.combine(Arbitraries.integers().between(0, 23), Arbitraries.of(0, 30))
            .as(LocalTime::of);
    Arbitrary<Set<DayOfWeek>> days =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(Set.<DayOfWeek>of())),
            Tuple.of(1, Arbitraries.subsetOf(DayOfWeek.values()).ofMinSize(1)));
    Arbitrary<List<SendWindow>> some =
        Combinators.combine(time, time, days, scopes())
            .filter((start, end, d, s) -> !start.equals(end))
            .as((start, end, d, s) -> new SendWindow("x", start, end, d, s))
            .list()
            .ofMinSize(1)
            .ofMaxSize(2);
    return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(List.<SendWindow>of())), Tuple.of(1, some))
        .map(
            list ->
                IntStream.range(0, list.size())
                    .mapToObj(i -> list.get(i).withId(prefix + i))
                    .toList());
  }

  private Arbitrary<Scope> scopes() {
    Arbitrary<Set<String>> channels =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(Set.<String>of())),
            Tuple.of(1, Arbitraries.subsetOf(CHANNELS).ofMinSize(1)));
    Arbitrary<Set<String>> categories =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(Set.<String>of())),
            Tuple.of(1, Arbitraries.subsetOf(CATEGORIES).ofMinSize(1)));
    Arbitrary<Set<String>> tags =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(Set.<String>of())),
            Tuple.of(1, Arbitraries.subsetOf(TAGS).ofMinSize(1)));
    Arbitrary<Set<String>> campaigns =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(Set.<String>of())),
            Tuple.of(1, Arbitraries.subsetOf(CAMPAIGNS).ofMinSize(1)));
    return Combinators.combine(channels, categories, tags, campaigns).as(Scope::new);
  }

  private Arbitrary<OptOutRule> optOuts() {
    return Combinators.combine(
            Arbitraries.of(CHANNELS).injectNull(0.3), Arbitraries.of(CATEGORIES).injectNull(0.5))
        .as(OptOutRule::new);
  }

  private Arbitrary<ZoneId> zones() {
    return Arbitraries.of(
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "Pacific/Chatham",
            "America/Sao_Paulo")
        .map(ZoneId::of);
  }
}
