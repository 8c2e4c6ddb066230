package dev.fatigueguard.decision;

import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.Period;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.Preset;
import dev.fatigueguard.policy.Presets;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import dev.fatigueguard.policy.SendWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deliberately naive, independent statement of the SPEC's rules, for property tests. It shares no
 * code with the production decider: layering, scope matching, quiet-hours periods and send windows
 * (via ZonedDateTime-level JDK calls) and cap counting (a plain scan of every approved contact) are
 * written again here in the most obvious way. Only the presets' rules are read from {@link
 * Presets}, as data.
 */
final class RuleOracle {

  /** An approved contact that counts, as the oracle remembers it (never pruned). */
  record Counted(long at, String channel, String category, Set<String> tags, String campaign) {}

  private final Policy platform;
  private final Policy tenant;
  private final CustomerPreferences customer;

  RuleOracle(Policy platform, Policy tenant, CustomerPreferences customer) {
    this.platform = platform;
    this.tenant = tenant;
    this.customer = customer;
  }

  private boolean tenantApplies(MessageFacts m) {
    return tenant != null && m.tenant() != null && m.tenant().equals(tenant.tenant());
  }

  /** Each setting from the tenant policy, else the default policy, else the format's default. */
  private Policy settingsFor(MessageFacts m) {
    Policy t = tenantApplies(m) ? tenant : platform;
    return new Policy(
        t.tenant(),
        List.of(),
        List.of(),
        firstSet(t.defaultZone(), platform.defaultZone(), ZoneId.of("UTC")),
        firstSet(
            t.exemptCategories(), platform.exemptCategories(), Set.of("TRANSACTIONAL", "SECURITY")),
        firstSet(t.requiredCategories(), platform.requiredCategories(), Set.of("SECURITY")),
        firstSet(t.countExempt(), platform.countExempt(), false),
        firstSet(t.overflowAction(), platform.overflowAction(), Overflow.DELAY),
        firstSet(t.maxDelay(), platform.maxDelay(), Duration.ofDays(3)));
  }

  private static <T> T firstSet(T tenantValue, T defaultValue, T formatValue) {
    return tenantValue != null ? tenantValue : defaultValue != null ? defaultValue : formatValue;
  }

  /** The presets the message's policies include, each once. */
  private List<Preset> presetsFor(MessageFacts m) {
    Set<String> names = new LinkedHashSet<>(platform.include());
    if (tenantApplies(m)) {
      names.addAll(tenant.include());
    }
    return names.stream().map(Presets::find).toList();
  }

  List<Cap> capsFor(MessageFacts m) {
    List<Cap> caps = new ArrayList<>(platform.caps());
    if (tenantApplies(m)) {
      caps.addAll(tenant.caps());
    }
    for (Preset preset : presetsFor(m)) {
      caps.addAll(preset.caps());
    }
    if (customer != null) {
      caps.addAll(customer.caps());
    }
    caps.removeIf(
        cap ->
            !inScope(cap.scope(), m.channel(), m.category(), m.tags(), m.campaignId())
                || (cap.perCampaign() && m.campaignId() == null));
    return caps;
  }

  List<QuietPeriod> quietHoursFor(MessageFacts m) {
    List<QuietPeriod> quiet = new ArrayList<>(platform.quietHours());
    if (tenantApplies(m)) {
      quiet.addAll(tenant.quietHours());
    }
    if (customer != null) {
      quiet.addAll(customer.quietHours());
    }
    quiet.removeIf(q -> !inScope(q.scope(), m.channel(), m.category(), m.tags(), m.campaignId()));
    return quiet;
  }

  /**
   * The send windows in the message's scope, one list per source (each layer's own, each preset); a
   * source with none in scope is left out.
   */
  List<List<SendWindow>> sendWindowsFor(MessageFacts m) {
    List<List<SendWindow>> sources = new ArrayList<>();
    sources.add(platform.sendWindows());
    if (tenantApplies(m)) {
      sources.add(tenant.sendWindows());
    }
    for (Preset preset : presetsFor(m)) {
      sources.add(preset.sendWindows());
    }
    if (customer != null) {
      sources.add(customer.sendWindows());
    }
    List<List<SendWindow>> out = new ArrayList<>();
    for (List<SendWindow> source : sources) {
      List<SendWindow> inScope =
          source.stream()
              .filter(w -> inScope(w.scope(), m.channel(), m.category(), m.tags(), m.campaignId()))
              .toList();
      if (!inScope.isEmpty()) {
        out.add(inScope);
      }
    }
    return out;
  }

  ZoneId zoneFor(MessageFacts m) {
    return customer != null && customer.zone() != null
        ? customer.zone()
        : settingsFor(m).defaultZone();
  }

  Overflow overflowFor(MessageFacts m) {
    return customer != null && customer.overflowAction() != null
        ? customer.overflowAction()
        : settingsFor(m).overflowAction();
  }

  long maxDelayMillis(MessageFacts m) {
    return settingsFor(m).maxDelay().toMillis();
  }

  boolean exempt(MessageFacts m) {
    return settingsFor(m).exemptCategories().contains(m.category());
  }

  boolean countExempt(MessageFacts m) {
    return settingsFor(m).countExempt();
  }

  boolean optedOut(MessageFacts m) {
    if (customer == null || settingsFor(m).requiredCategories().contains(m.category())) {
      return false;
    }
    for (OptOutRule o : customer.optOuts()) {
      boolean channelMatches = o.channel() == null || o.channel().equals(m.channel());
      boolean categoryMatches = o.category() == null || o.category().equals(m.category());
      if (channelMatches && categoryMatches) {
        return true;
      }
    }
    return false;
  }

  boolean snoozedAt(long t) {
    return customer != null
        && customer.snoozeUntil() != null
        && t < customer.snoozeUntil().toEpochMilli();
  }

  boolean quietAt(MessageFacts m, long t) {
    ZoneId zone = zoneFor(m);
    for (QuietPeriod q : quietHoursFor(m)) {
      LocalDate today = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
      for (LocalDate day : List.of(today.minusDays(1), today)) {
        if (!q.days().isEmpty() && !q.days().contains(day.getDayOfWeek())) {
          continue;
        }
        long start = wallClock(day.atTime(q.start()), zone);
        long end =
            wallClock((q.start().isBefore(q.end()) ? day : day.plusDays(1)).atTime(q.end()), zone);
        if (start <= t && t < end) {
          return true;
        }
      }
    }
    return false;
  }

  /** Some source (layer or preset) has send windows in scope and none of them is open at t. */
  boolean outsideSendWindowAt(MessageFacts m, long t) {
    ZoneId zone = zoneFor(m);
    LocalDate today = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    for (List<SendWindow> source : sendWindowsFor(m)) {
      boolean open = false;
      for (SendWindow w : source) {
        for (LocalDate day : List.of(today.minusDays(1), today)) {
          if (!w.days().isEmpty() && !w.days().contains(day.getDayOfWeek())) {
            continue;
          }
          long start = wallClock(day.atTime(w.start()), zone);
          long end =
              wallClock(
                  (w.start().isBefore(w.end()) ? day : day.plusDays(1)).atTime(w.end()), zone);
          open |= start <= t && t < end;
        }
      }
      if (!open) {
        return true;
      }
    }
    return false;
  }

  boolean hasZeroCap(MessageFacts m) {
    return capsFor(m).stream().anyMatch(cap -> cap.max() == 0);
  }

  /** Room in every cap for a contact at t; every remembered contact must be at or before t. */
  boolean capsHaveRoom(MessageFacts m, long t, List<Counted> counted) {
    for (Cap cap : capsFor(m)) {
      if (cap.period() != null) {
        ZoneId zone = zoneFor(m);
        int inPeriod = 0;
        for (Counted c : counted) {
          if (c.at() > t) {
            throw new AssertionError("the oracle only handles in-order contacts");
          }
          if (samePeriod(cap.period(), zone, c.at(), t)
              && countsFor(cap, m, c.channel(), c.category(), c.tags(), c.campaign())) {
            inPeriod++;
          }
        }
        if (inPeriod >= cap.max()) {
          return false;
        }
        continue;
      }
      long w = cap.window().toMillis();
      int inWindow = 0;
      for (Counted c : counted) {
        if (c.at() > t) {
          throw new AssertionError("the oracle only handles in-order contacts");
        }
        if (c.at() > t - w
            && countsFor(cap, m, c.channel(), c.category(), c.tags(), c.campaign())) {
          inWindow++;
        }
      }
      if (inWindow >= cap.max()) {
        return false;
      }
    }
    return true;
  }

  boolean allowsAt(MessageFacts m, long t, List<Counted> counted) {
    return !snoozedAt(t)
        && !quietAt(m, t)
        && !outsideSendWindowAt(m, t)
        && capsHaveRoom(m, t, counted);
  }

  /**
   * Every instant in [from, until) at which a blocked message may become allowed: rules only stop
   * blocking at a snooze end, a quiet-period end, a send window's opening or when a contact leaves
   * a window.
   */
  Collection<Long> unblockCandidates(MessageFacts m, long from, long until, List<Counted> counted) {
    TreeSet<Long> out = new TreeSet<>();
    out.add(from);
    out.add(until - 1);
    if (customer != null && customer.snoozeUntil() != null) {
      out.add(customer.snoozeUntil().toEpochMilli());
    }
    ZoneId zone = zoneFor(m);
    LocalDate first = Instant.ofEpochMilli(from).atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = Instant.ofEpochMilli(until).atZone(zone).toLocalDate().plusDays(1);
    for (Cap cap : capsFor(m)) {
      if (cap.period() != null) {
        // Every local midnight: a superset of the period starts.
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
          out.add(day.atStartOfDay(zone).toInstant().toEpochMilli());
        }
        continue;
      }
      for (Counted c : counted) {
        out.add(c.at() + cap.window().toMillis());
      }
    }
    for (QuietPeriod q : quietHoursFor(m)) {
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
        out.add(
            wallClock((q.start().isBefore(q.end()) ? day : day.plusDays(1)).atTime(q.end()), zone));
      }
    }
    for (List<SendWindow> source : sendWindowsFor(m)) {
      for (SendWindow w : source) {
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
          out.add(wallClock(day.atTime(w.start()), zone));
        }
      }
    }
    return out.subSet(from, true, until, false);
  }

  /** Whether a and b fall into the same local day, ISO week (Monday first) or month. */
  static boolean samePeriod(Period period, ZoneId zone, long a, long b) {
    LocalDate da = Instant.ofEpochMilli(a).atZone(zone).toLocalDate();
    LocalDate db = Instant.ofEpochMilli(b).atZone(zone).toLocalDate();
    return switch (period) {
      case DAY -> da.equals(db);
      case WEEK ->
          da.minusDays(da.getDayOfWeek().getValue() - 1)
              .equals(db.minusDays(db.getDayOfWeek().getValue() - 1));
      case MONTH -> da.getYear() == db.getYear() && da.getMonth() == db.getMonth();
    };
  }

  static boolean inScope(
      Scope scope, String channel, String category, Collection<String> tags, String campaign) {
    boolean channelOk = scope.channels().isEmpty() || scope.channels().contains(channel);
    boolean categoryOk = scope.categories().isEmpty() || scope.categories().contains(category);
    boolean tagsOk = scope.tags().isEmpty() || tags.stream().anyMatch(scope.tags()::contains);
    boolean campaignOk =
        scope.campaigns().isEmpty() || (campaign != null && scope.campaigns().contains(campaign));
    return channelOk && categoryOk && tagsOk && campaignOk;
  }

  /**
   * Whether a contact (channel, category, tags, campaign) counts towards {@code cap} when judging
   * {@code judged}: it is in the cap's scope and, for a per-campaign cap, of the judged message's
   * campaign.
   */
  static boolean countsFor(
      Cap cap,
      MessageFacts judged,
      String channel,
      String category,
      Collection<String> tags,
      String campaign) {
    return inScope(cap.scope(), channel, category, tags, campaign)
        && (!cap.perCampaign() || (campaign != null && campaign.equals(judged.campaignId())));
  }

  /**
   * The instant a wall clock first shows this local time: after a gap, at the earlier of two
   * offsets.
   */
  static long wallClock(LocalDateTime local, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      return rules.getTransition(local).getInstant().toEpochMilli();
    }
    return offsets.stream().mapToLong(o -> local.toInstant(o).toEpochMilli()).min().orElseThrow();
  }
}
