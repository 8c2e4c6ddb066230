package dev.fatigueguard.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible, plausible message history: the same seed and sizes always give the same file.
 *
 * <p>Four tenants in four time zones (one sends under the platform default only), customers whose
 * volume is heavy-tailed (a few get many messages, most get a few), and two kinds of traffic:
 * campaign blasts (marketing, promotions, newsletters; a campaign goes out on one channel within a
 * couple of hours of its start) and one-off service, transactional and security messages during the
 * tenant's local day. Some promotions expire after a day, transactional messages may not be
 * delayed, and a few senders retry with the same messageId, so every rule has something to do.
 */
public final class SyntheticHistory {

  private record Tenant(String id, ZoneId zone) {}

  private record Campaign(
      String id, Tenant tenant, Channel channel, String category, String tag, long startMillis) {}

  private static final Tenant[] TENANTS = {
    new Tenant("acme-retail", ZoneId.of("Europe/Berlin")),
    new Tenant("globex-bank", ZoneId.of("America/New_York")),
    new Tenant("initech-travel", ZoneId.of("Asia/Tokyo")),
    new Tenant(null, ZoneId.of("UTC"))
  };
  private static final Channel[] CAMPAIGN_CHANNELS = {
    Channel.EMAIL,
    Channel.EMAIL,
    Channel.EMAIL,
    Channel.PUSH,
    Channel.PUSH,
    Channel.SMS,
    Channel.WHATSAPP,
    Channel.IN_APP
  };
  private static final String[] CAMPAIGN_CATEGORIES = {
    "MARKETING", "MARKETING", "PROMOTIONAL", "NEWSLETTER"
  };
  private static final String[] TAGS = {
    "spring-sale", "loyalty", "new-arrivals", "weekly-digest", "flash-sale", "reactivation"
  };
  private static final Channel[] ONE_OFF_CHANNELS = {
    Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.IN_APP
  };
  private static final String[] ONE_OFF_CATEGORIES = {
    "SERVICE", "SERVICE", "TRANSACTIONAL", "TRANSACTIONAL", "SECURITY"
  };

  private final SplittableRandom random;
  private final int messages;
  private final int customers;
  private final Instant start;
  private final Duration span;

  public SyntheticHistory(long seed, int messages, int customers, Instant start, Duration span) {
    this.random = new SplittableRandom(seed);
    this.messages = messages;
    this.customers = customers;
    this.start = start;
    this.span = span;
  }

  /** Writes the history as JSON Lines in createdAt order. */
  public void write(Writer out) {
    try (JsonGenerator json = JsonFactory.builder().build().createGenerator(out)) {
      json.setRootValueSeparator(new SerializedString("\n"));
      for (OutboundMessage m : generate()) {
        MessageJson.write(m, json);
      }
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<OutboundMessage> generate() {
    List<Campaign> campaigns = campaigns(Math.max(4, (int) (span.toDays() * 3)));
    List<OutboundMessage> out = new ArrayList<>(messages);
    for (int i = 0; i < messages; i++) {
      int customer = customer();
      Tenant tenant = TENANTS[customer % TENANTS.length];
      OutboundMessage.Builder m =
          OutboundMessage.newBuilder()
              .setMessageId(String.format("m-%08d", i))
              .setCustomerId(String.format("c-%06d", customer))
              .setTenant(tenant.id());
      if (random.nextInt(100) < 65) {
        campaignMessage(m, pickCampaign(campaigns, tenant));
      } else {
        oneOffMessage(m, tenant);
      }
      out.add(m.build());
      if (random.nextInt(1000) < 3) { // a sender retrying within minutes with the same id
        out.add(
            OutboundMessage.newBuilder(out.get(out.size() - 1))
                .setCreatedAt(
                    out.get(out.size() - 1).getCreatedAt().plusSeconds(30 + random.nextInt(600)))
                .build());
        i++;
      }
    }
    out.sort(Comparator.comparing(OutboundMessage::getCreatedAt));
    return out;
  }

  /** Heavy-tailed: squaring a uniform draw makes low customer numbers much more likely. */
  private int customer() {
    double u = random.nextDouble();
    return 1 + (int) (u * u * customers);
  }

  private List<Campaign> campaigns(int count) {
    List<Campaign> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Tenant tenant = TENANTS[i % TENANTS.length];
      // Campaigns start at a local business hour of a random day of the period.
      ZonedDateTime day =
          start
              .plus(Duration.ofDays(random.nextLong(Math.max(1, span.toDays()))))
              .atZone(tenant.zone());
      ZonedDateTime at = day.with(LocalTime.of(8 + random.nextInt(12), random.nextInt(60)));
      list.add(
          new Campaign(
              String.format("cmp-%03d", i + 1),
              tenant,
              CAMPAIGN_CHANNELS[random.nextInt(CAMPAIGN_CHANNELS.length)],
              CAMPAIGN_CATEGORIES[random.nextInt(CAMPAIGN_CATEGORIES.length)],
              TAGS[random.nextInt(TAGS.length)],
              notBeforeStart(at.toInstant()).toEpochMilli()));
    }
    return list;
  }

  /**
   * A local time on the first day can fall before the start in zones west of UTC: move it a day on.
   */
  private Instant notBeforeStart(Instant t) {
    return t.isBefore(start) ? t.plus(Duration.ofDays(1)) : t;
  }

  private Campaign pickCampaign(List<Campaign> campaigns, Tenant tenant) {
    while (true) {
      Campaign c = campaigns.get(random.nextInt(campaigns.size()));
      if (c.tenant() == tenant) {
        return c;
      }
    }
  }

  private void campaignMessage(OutboundMessage.Builder m, Campaign c) {
    Instant created =
        Instant.ofEpochMilli(c.startMillis() + random.nextLong(Duration.ofHours(2).toMillis()));
    m.setChannel(c.channel())
        .setCategory(c.category())
        .setCampaignId(c.id())
        .setTags(List.of(c.tag()))
        .setCreatedAt(created)
        .setPayloadRef("template:" + c.id());
    if ("PROMOTIONAL".equals(c.category())) {
      m.setExpiresAt(created.plus(Duration.ofDays(1)));
    }
  }

  private void oneOffMessage(OutboundMessage.Builder m, Tenant tenant) {
    String category = ONE_OFF_CATEGORIES[random.nextInt(ONE_OFF_CATEGORIES.length)];
    ZonedDateTime day = start.plusMillis(random.nextLong(span.toMillis())).atZone(tenant.zone());
    // Mostly during the local day, sometimes at night (password resets happen at 3 a.m. too).
    int hour = random.nextInt(10) < 8 ? 7 + random.nextInt(15) : random.nextInt(24);
    Instant created =
        notBeforeStart(
            day.with(LocalTime.of(hour, random.nextInt(60), random.nextInt(60))).toInstant());
    m.setChannel(ONE_OFF_CHANNELS[random.nextInt(ONE_OFF_CHANNELS.length)])
        .setCategory(category)
        .setCreatedAt(created)
        .setPriority(
            switch (category) {
              case "SECURITY" -> 10;
              case "TRANSACTIONAL" -> 5;
              default -> 0;
            })
        .setDeferrable(!"TRANSACTIONAL".equals(category))
        .setPayloadRef("template:" + category.toLowerCase(java.util.Locale.ROOT));
  }
}
