package dev.fatigueguard.topology;

import dev.fatigueguard.avro.CapRule;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.OptOut;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.OverflowAction;
import dev.fatigueguard.avro.QuietHours;
import dev.fatigueguard.avro.SendWindow;
import dev.fatigueguard.decision.MessageFacts;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.DurationText;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Overflow;
import dev.fatigueguard.policy.Period;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.Scope;
import dev.fatigueguard.policy.Violation;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates the Avro records on the topics into the core's plain model and back. Values the Avro
 * schema cannot rule out (an unparsable duration, an unknown zone, a bad weekday) are collected as
 * violations with the field's path, so a bad record is rejected with every problem named.
 */
public final class ModelMapping {

  private static final Map<Period, Duration> ROLLING_FALLBACK =
      Map.of(
          Period.DAY, Duration.ofDays(1),
          Period.WEEK, Duration.ofDays(7),
          Period.MONTH, Duration.ofDays(30));

  private ModelMapping() {}

  public static MessageFacts facts(OutboundMessage m) {
    Instant expires = m.getExpiresAt();
    return new MessageFacts(
        m.getMessageId(),
        m.getCustomerId(),
        m.getTenant(),
        m.getChannel().name(),
        m.getCategory(),
        Set.copyOf(m.getTags()),
        m.getPriority(),
        m.getCreatedAt().toEpochMilli(),
        expires == null ? MessageFacts.NO_EXPIRY : expires.toEpochMilli(),
        m.getDeferrable(),
        m.getCampaignId(),
        m.getCollapseKey());
  }

  /**
   * @throws InvalidPolicyException naming every field that cannot be mapped
   */
  public static Policy policy(ContactPolicy p) {
    List<Violation> problems = new ArrayList<>();
    List<String> inherited = p.getInheritedSettings();
    for (int i = 0; i < inherited.size(); i++) {
      if (!Policy.INHERITABLE_SETTINGS.contains(inherited.get(i))) {
        problems.add(
            new Violation(
                "inheritedSettings[" + i + "]",
                "must be one of "
                    + Policy.INHERITABLE_SETTINGS
                    + ", was '"
                    + inherited.get(i)
                    + "'"));
      }
    }
    Policy policy =
        new Policy(
            p.getTenant(),
            caps(p.getCaps(), "caps", problems),
            quietHours(p.getQuietHours(), "quietHours", problems),
            inherited.contains("defaultZone")
                ? null
                : zone(p.getDefaultTimeZone(), "defaultTimeZone", problems),
            inherited.contains("exemptCategories") ? null : new HashSet<>(p.getExemptCategories()),
            inherited.contains("requiredCategories")
                ? null
                : new HashSet<>(p.getRequiredCategories()),
            inherited.contains("countExempt") ? null : p.getCountExempt(),
            inherited.contains("overflowAction")
                ? null
                : Overflow.valueOf(p.getOverflowAction().name()),
            inherited.contains("maxDelay") ? null : duration(p.getMaxDelay(), "maxDelay", problems),
            sendWindows(p.getSendWindows(), "sendWindows", problems),
            List.copyOf(p.getInclude()));
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException("policy for tenant '" + p.getTenant() + "'", problems);
    }
    return policy;
  }

  /**
   * @throws InvalidPolicyException naming every field that cannot be mapped
   */
  public static CustomerPreferences preferences(ContactPreferences p) {
    List<Violation> problems = new ArrayList<>();
    List<OptOutRule> optOuts = new ArrayList<>();
    for (OptOut o : p.getOptOuts()) {
      optOuts.add(
          new OptOutRule(o.getChannel() == null ? null : o.getChannel().name(), o.getCategory()));
    }
    CustomerPreferences prefs =
        new CustomerPreferences(
            p.getCustomerId(),
            p.getTimeZone() == null ? null : zone(p.getTimeZone(), "timeZone", problems),
            caps(p.getCaps(), "caps", problems),
            quietHours(p.getQuietHours(), "quietHours", problems),
            optOuts,
            p.getSnoozeUntil(),
            p.getOverflowAction() == null ? null : Overflow.valueOf(p.getOverflowAction().name()),
            sendWindows(p.getSendWindows(), "sendWindows", problems));
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException(
          "preferences of customer '" + p.getCustomerId() + "'", problems);
    }
    return prefs;
  }

  private static List<Cap> caps(List<CapRule> caps, String path, List<Violation> problems) {
    List<Cap> out = new ArrayList<>(caps.size());
    for (int i = 0; i < caps.size(); i++) {
      CapRule c = caps.get(i);
      Period period = null;
      Duration window = null;
      if (c.getPeriod() != null) {
        try {
          period = Period.valueOf(c.getPeriod());
        } catch (IllegalArgumentException e) {
          problems.add(
              new Violation(
                  path + "[" + i + "].period",
                  "must be DAY, WEEK or MONTH, was '" + c.getPeriod() + "'"));
        }
      } else {
        window = duration(c.getWindow(), path + "[" + i + "].window", problems);
      }
      out.add(
          new Cap(
              c.getId(),
              c.getMax(),
              window,
              period,
              scope(c.getChannels(), c.getCategories(), c.getTags(), c.getCampaigns()),
              c.getPerCampaign()));
    }
    return out;
  }

  private static List<dev.fatigueguard.policy.SendWindow> sendWindows(
      List<SendWindow> rules, String path, List<Violation> problems) {
    List<dev.fatigueguard.policy.SendWindow> out = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      SendWindow w = rules.get(i);
      out.add(
          new dev.fatigueguard.policy.SendWindow(
              w.getId(),
              w.getStart(),
              w.getEnd(),
              days(w.getDays(), path + "[" + i + "]", problems),
              scope(w.getChannels(), w.getCategories(), w.getTags(), w.getCampaigns())));
    }
    return out;
  }

  private static Set<DayOfWeek> days(List<String> names, String path, List<Violation> problems) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (int d = 0; d < names.size(); d++) {
      String day = names.get(d);
      try {
        days.add(DayOfWeek.valueOf(day.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(
            new Violation(
                path + ".days[" + d + "]", "must be a weekday MONDAY..SUNDAY, was '" + day + "'"));
      }
    }
    return days;
  }

  private static List<QuietPeriod> quietHours(
      List<QuietHours> rules, String path, List<Violation> problems) {
    List<QuietPeriod> out = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      QuietHours q = rules.get(i);
      Set<DayOfWeek> days = days(q.getDays(), path + "[" + i + "]", problems);
      LocalTime start = q.getStart();
      LocalTime end = q.getEnd();
      out.add(
          new QuietPeriod(
              q.getId(),
              start,
              end,
              days,
              scope(q.getChannels(), q.getCategories(), q.getTags(), q.getCampaigns())));
    }
    return out;
  }

  private static Scope scope(
      List<Channel> channels, List<String> categories, List<String> tags, List<String> campaigns) {
    Set<String> channelNames = new HashSet<>();
    channels.forEach(c -> channelNames.add(c.name()));
    return new Scope(
        channelNames, new HashSet<>(categories), new HashSet<>(tags), new HashSet<>(campaigns));
  }

  private static Duration duration(String text, String field, List<Violation> problems) {
    try {
      return DurationText.parse(text);
    } catch (RuntimeException e) {
      problems.add(
          new Violation(
              field, "must be an ISO-8601 duration such as PT16H or P7D, was '" + text + "'"));
      return null;
    }
  }

  private static ZoneId zone(String id, String field, List<Violation> problems) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      problems.add(
          new Violation(
              field, "must be an IANA time zone such as Europe/Berlin, was '" + id + "'"));
      return null;
    }
  }

  /**
   * The Avro record for a core policy, as published on the policies topic.
   *
   * @throws InvalidPolicyException if a rule names a channel the schema does not know
   */
  public static ContactPolicy toAvro(Policy p) {
    List<Violation> problems = new ArrayList<>();
    // What the policy leaves out is written at the format's default (what older readers apply)
    // and listed, so newer readers inherit it from the default policy instead.
    Policy filled = p.withFormatDefaults();
    var avro =
        ContactPolicy.newBuilder()
            .setTenant(p.tenant())
            .setCaps(capsToAvro(p.caps(), problems))
            .setQuietHours(quietHoursToAvro(p.quietHours(), problems))
            .setDefaultTimeZone(filled.defaultZone().getId())
            .setExemptCategories(sorted(filled.exemptCategories()))
            .setRequiredCategories(sorted(filled.requiredCategories()))
            .setCountExempt(filled.countExempt())
            .setOverflowAction(OverflowAction.valueOf(filled.overflowAction().name()))
            .setMaxDelay(DurationText.format(filled.maxDelay()))
            .setUpdatedAt(null)
            .setInheritedSettings(p.leftOut())
            .setSendWindows(sendWindowsToAvro(p.sendWindows(), problems))
            .setInclude(p.include())
            .build();
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException("policy for tenant '" + p.tenant() + "'", problems);
    }
    return avro;
  }

  /**
   * The Avro record for core preferences, as published on the preferences topic.
   *
   * @throws InvalidPolicyException if a rule or opt-out names a channel the schema does not know
   */
  public static ContactPreferences toAvro(CustomerPreferences p) {
    List<Violation> problems = new ArrayList<>();
    List<OptOut> optOuts = new ArrayList<>();
    for (int i = 0; i < p.optOuts().size(); i++) {
      OptOutRule o = p.optOuts().get(i);
      Channel channel =
          o.channel() == null ? null : channel(o.channel(), "optOuts[" + i + "].channel", problems);
      optOuts.add(new OptOut(channel, o.category()));
    }
    var avro =
        ContactPreferences.newBuilder()
            .setCustomerId(p.customerId())
            .setTimeZone(p.zone() == null ? null : p.zone().getId())
            .setCaps(capsToAvro(p.caps(), problems))
            .setQuietHours(quietHoursToAvro(p.quietHours(), problems))
            .setOptOuts(optOuts)
            .setSnoozeUntil(p.snoozeUntil())
            .setOverflowAction(
                p.overflowAction() == null
                    ? null
                    : OverflowAction.valueOf(p.overflowAction().name()))
            .setUpdatedAt(null)
            .setSendWindows(sendWindowsToAvro(p.sendWindows(), problems))
            .build();
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException(
          "preferences of customer '" + p.customerId() + "'", problems);
    }
    return avro;
  }

  private static List<CapRule> capsToAvro(List<Cap> caps, List<Violation> problems) {
    List<CapRule> out = new ArrayList<>();
    for (int i = 0; i < caps.size(); i++) {
      Cap c = caps.get(i);
      out.add(
          new CapRule(
              c.id(),
              c.max(),
              // A calendar cap also carries the nearest rolling window, which is what readers
              // older than the period field apply.
              DurationText.format(c.isCalendar() ? ROLLING_FALLBACK.get(c.period()) : c.window()),
              channels(c.scope(), "caps[" + i + "].channels", problems),
              sorted(c.scope().categories()),
              sorted(c.scope().tags()),
              c.isCalendar() ? c.period().name() : null,
              sorted(c.scope().campaigns()),
              c.perCampaign()));
    }
    return out;
  }

  private static List<QuietHours> quietHoursToAvro(
      List<QuietPeriod> rules, List<Violation> problems) {
    List<QuietHours> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      QuietPeriod q = rules.get(i);
      out.add(
          new QuietHours(
              q.id(),
              q.start(),
              q.end(),
              q.days().stream().sorted().map(DayOfWeek::name).toList(),
              channels(q.scope(), "quietHours[" + i + "].channels", problems),
              sorted(q.scope().categories()),
              sorted(q.scope().tags()),
              sorted(q.scope().campaigns())));
    }
    return out;
  }

  private static List<SendWindow> sendWindowsToAvro(
      List<dev.fatigueguard.policy.SendWindow> rules, List<Violation> problems) {
    List<SendWindow> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      dev.fatigueguard.policy.SendWindow w = rules.get(i);
      out.add(
          new SendWindow(
              w.id(),
              w.start(),
              w.end(),
              w.days().stream().sorted().map(DayOfWeek::name).toList(),
              channels(w.scope(), "sendWindows[" + i + "].channels", problems),
              sorted(w.scope().categories()),
              sorted(w.scope().tags()),
              sorted(w.scope().campaigns())));
    }
    return out;
  }

  private static List<Channel> channels(Scope scope, String field, List<Violation> problems) {
    return scope.channels().stream().sorted().map(c -> channel(c, field, problems)).toList();
  }

  private static Channel channel(String name, String field, List<Violation> problems) {
    try {
      return Channel.valueOf(name);
    } catch (IllegalArgumentException e) {
      problems.add(
          new Violation(
              field,
              "unknown channel '"
                  + name
                  + "' (known: "
                  + java.util.Arrays.toString(Channel.values())
                  + ")"));
      return Channel.OTHER;
    }
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
