package dev.fatigueguard.demo;

import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.DurationText;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import dev.fatigueguard.traffic.TrafficMix;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The policies and customer preferences of the demo, chosen so that every outcome the guard can
 * reach shows up within a couple of minutes of wall-clock time: windows are as short as the product
 * allows (PT1M), maxDelay is minutes rather than days, and the time-bound preferences (quiet hours,
 * snoozes) are computed from the moment the demo starts so they begin and end while it runs.
 */
final class DemoScenario {

  static final String RETAIL = TrafficMix.RETAIL_TENANT;

  /** Share of customers who set anything in the preference centre. */
  static final double CUSTOMERS_WITH_PREFERENCES = 0.30;

  /**
   * Zones on every continent, with half-hour and 45-minute offsets, so "local time" really varies.
   */
  static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("Europe/London"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("America/Los_Angeles"),
          ZoneId.of("America/Sao_Paulo"),
          ZoneId.of("Asia/Tokyo"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("Asia/Kathmandu"),
          ZoneId.of("Australia/Sydney"),
          ZoneId.of("Africa/Lagos"),
          ZoneId.of("Pacific/Auckland"));

  /**
   * Opt-outs people actually set: no marketing texts, no texts at all, no marketing, no promo
   * pushes.
   */
  static final List<OptOutRule> OPT_OUTS =
      List.of(
          new OptOutRule("SMS", "MARKETING"),
          new OptOutRule("SMS", null),
          new OptOutRule(null, "MARKETING"),
          new OptOutRule("PUSH", "PROMOTIONAL"),
          new OptOutRule("EMAIL", "NEWSLETTER"));

  static final String QUIET_NOW_ID = "do-not-disturb";
  static final String NIGHT_ID = "night";
  static final String EMAIL_CAP_ID = "email-1-per-min";

  private final long seed;
  private final List<String> customerIds;

  DemoScenario(long seed, int customers) {
    this.seed = seed;
    this.customerIds =
        IntStream.rangeClosed(1, customers).mapToObj(i -> String.format("c-%05d", i)).toList();
  }

  List<String> customerIds() {
    return customerIds;
  }

  /**
   * The platform default: a burst cap every message meets within a minute, an SMS gap, marketing
   * limits that bite after a few messages, and a maxDelay short enough that held messages which
   * cannot go out in time are dropped while the demo runs.
   */
  static Policy defaultPolicy() {
    Set<String> promotional = Set.of("MARKETING", "PROMOTIONAL");
    return new Policy(
        Policy.DEFAULT_TENANT,
        List.of(
            new Cap("burst", 2, Duration.ofMinutes(1)),
            new Cap("sms-gap", 1, Duration.ofMinutes(2), new Scope(Set.of("SMS"), null, null)),
            new Cap("marketing-hourly", 4, Duration.ofHours(1), new Scope(null, promotional, null)),
            new Cap("daily", 30, Duration.ofDays(1))),
        List.of(),
        ZoneId.of("UTC"),
        null,
        null,
        false,
        Overflow.DELAY,
        Duration.ofMinutes(3));
  }

  /**
   * A tenant that prefers losing a push to sending it late: one per five minutes, overflow DROP.
   */
  static Policy retailPolicy() {
    return new Policy(
        RETAIL,
        List.of(new Cap("push", 1, Duration.ofMinutes(5), new Scope(Set.of("PUSH"), null, null))),
        List.of(),
        null,
        null,
        null,
        false,
        Overflow.DROP,
        Duration.ofMinutes(3));
  }

  /**
   * Preferences for about {@value #CUSTOMERS_WITH_PREFERENCES} of the customers, the same for the
   * same seed and {@code now}. Every customer who sets anything has a zone; each feature is drawn
   * independently, so combinations (snoozed and DROP, opted out and capped) occur too.
   */
  List<CustomerPreferences> preferences(Instant now) {
    Random random = new Random(seed);
    List<CustomerPreferences> all = new ArrayList<>();
    for (String customerId : customerIds) {
      if (random.nextDouble() >= CUSTOMERS_WITH_PREFERENCES) {
        continue;
      }
      ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
      List<QuietPeriod> quiet = new ArrayList<>();
      if (random.nextDouble() < 0.20) {
        quiet.add(quietNow(zone, now, random));
      }
      if (random.nextDouble() < 0.25) {
        quiet.add(new QuietPeriod(NIGHT_ID, LocalTime.of(22, 0), LocalTime.of(7, 0)));
      }
      List<OptOutRule> optOuts =
          random.nextDouble() < 0.35
              ? List.of(OPT_OUTS.get(random.nextInt(OPT_OUTS.size())))
              : List.of();
      Instant snoozeUntil =
          random.nextDouble() < 0.15 ? now.plusSeconds(30 + random.nextInt(31)) : null;
      List<Cap> caps =
          random.nextDouble() < 0.25
              ? List.of(
                  new Cap(
                      EMAIL_CAP_ID,
                      1,
                      Duration.ofMinutes(1),
                      new Scope(Set.of("EMAIL"), null, null)))
              : List.of();
      Overflow overflow = random.nextDouble() < 0.20 ? Overflow.DROP : null;
      all.add(
          new CustomerPreferences(customerId, zone, caps, quiet, optOuts, snoozeUntil, overflow));
    }
    return all;
  }

  /**
   * Quiet hours that are running right now in the customer's zone and end on a minute boundary one
   * to two minutes from now (quiet hours are minute-granular), so messages held for them are
   * released while the demo watches. The end is at least 30 s away, so the preference reaches the
   * guard well before it.
   */
  static QuietPeriod quietNow(ZoneId zone, Instant now, Random random) {
    LocalTime local = now.atZone(zone).toLocalTime();
    LocalTime minute = local.truncatedTo(ChronoUnit.MINUTES);
    long secondsToNextMinute = 60 - local.getSecond();
    LocalTime end = minute.plusMinutes((secondsToNextMinute >= 30 ? 1 : 2) + random.nextInt(2));
    LocalTime start = minute.minusMinutes(5 + random.nextInt(86));
    return new QuietPeriod(QUIET_NOW_ID, start, end);
  }

  /** One line per policy, for the demo's header. */
  static String describe(Policy policy) {
    StringJoiner caps = new StringJoiner(", ");
    for (Cap cap : policy.caps()) {
      StringJoiner scope = new StringJoiner("+");
      cap.scope().channels().stream().sorted().forEach(scope::add);
      cap.scope().categories().stream().sorted().forEach(scope::add);
      caps.add(
          (scope.length() == 0 ? "" : scope + " ")
              + cap.max()
              + "/"
              + DurationText.format(cap.window()));
    }
    return caps
        + "; overflow "
        + policy.overflowAction()
        + ", maxDelay "
        + DurationText.format(policy.maxDelay());
  }

  /** What the customers chose, counted by feature, for the demo's header. */
  static List<String> describe(List<CustomerPreferences> preferences) {
    return List.of(
        count(preferences, p -> hasQuiet(p, QUIET_NOW_ID)) + " in quiet hours that end in 1-2 min",
        count(preferences, p -> hasQuiet(p, NIGHT_ID)) + " quiet at night",
        count(preferences, p -> !p.optOuts().isEmpty()) + " opted out of something",
        count(preferences, p -> p.snoozeUntil() != null) + " snoozed for 30-60 s",
        count(preferences, p -> !p.caps().isEmpty()) + " allow 1 email a minute",
        count(preferences, p -> p.overflowAction() == Overflow.DROP) + " prefer DROP to DELAY");
  }

  private static long count(
      List<CustomerPreferences> preferences, Predicate<CustomerPreferences> feature) {
    return preferences.stream().filter(feature).count();
  }

  static boolean hasQuiet(CustomerPreferences preferences, String id) {
    return preferences.quietHours().stream().anyMatch(q -> q.id().equals(id));
  }
}
