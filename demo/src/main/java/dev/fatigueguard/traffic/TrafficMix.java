package dev.fatigueguard.traffic;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What synthetic sending systems send, one record at a time: a daily newsletter, bursty promotion
 * campaigns, order notifications and security codes, plus the faults every real input topic sees
 * (retried sends, a retry queue flushed after its offers ended, a sender writing something that is
 * not an OutboundMessage).
 *
 * <p>Deterministic for a seed and a sequence of {@code now}s, so the mix can be tested without a
 * clock or a broker. Not thread-safe: one sender thread owns it.
 */
public final class TrafficMix {

  /**
   * The tenant of the retail brand, next to the platform's default tenant: a cluster under load
   * should hold a policy for it, as the demo's does.
   */
  public static final String RETAIL_TENANT = "retail";

  public static final String NEWSLETTER = "newsletter";
  public static final String PROMOTIONS = "promotions";
  public static final String ORDERS = "orders";
  public static final String SECURITY = "security";

  /**
   * The promotion sender's retry queue, flushed after an outage: some offers ended while queued.
   */
  public static final String RETRY_QUEUE = "retry-queue";

  /** A sender that retried a send it had already made (same messageId). */
  public static final String RESENT = "resent";

  /** Records that are not usable OutboundMessages: they must reach the DLQ, not stop the guard. */
  public static final String BROKEN = "broken";

  /**
   * A promotion campaign starts every period; for its first seconds promotions dominate the mix.
   */
  public static final Duration CAMPAIGN_PERIOD = Duration.ofSeconds(30);

  public static final Duration CAMPAIGN_BURST = Duration.ofSeconds(8);
  public static final Duration BROKEN_EVERY = Duration.ofSeconds(15);
  public static final Duration RETRY_QUEUE_EVERY = Duration.ofSeconds(20);
  public static final int RETRY_QUEUE_SIZE = 5;
  public static final double RESEND_SHARE = 0.01;

  private static final List<String> CAMPAIGNS =
      List.of(
          "spring-sale",
          "flash-friday",
          "loyalty-double-points",
          "new-arrivals",
          "clearance",
          "app-exclusive");

  /** One record to produce: an Avro message, or raw bytes a broken sender wrote. */
  public sealed interface Send permits Send.Avro, Send.Raw {

    String sender();

    String key();

    record Avro(String sender, OutboundMessage message) implements Send {
      @Override
      public String key() {
        return message.getCustomerId();
      }
    }

    record Raw(String sender, String key, byte[] value) implements Send {}
  }

  private final Random random;
  private final List<String> customers;
  private final Instant start;

  /** Recently sent messages, candidates for a resend. */
  private final List<OutboundMessage> recent = new ArrayList<>();

  private Instant nextBroken;
  private Instant nextRetryQueue;
  private int retryQueueLeft;
  private int brokenSent;
  private int newsletterCursor;
  private long sequence;

  public TrafficMix(long seed, List<String> customers, Instant start) {
    this.random = new Random(seed ^ 0x5DEECE66DL);
    this.customers = List.copyOf(customers);
    this.start = start;
    this.nextBroken = start.plusSeconds(5);
    this.nextRetryQueue = start.plusSeconds(10);
  }

  public Send next(Instant now) {
    if (!now.isBefore(nextBroken)) {
      nextBroken = nextBroken.plus(BROKEN_EVERY);
      return broken(now);
    }
    if (!now.isBefore(nextRetryQueue)) {
      nextRetryQueue = nextRetryQueue.plus(RETRY_QUEUE_EVERY);
      retryQueueLeft = RETRY_QUEUE_SIZE;
    }
    if (retryQueueLeft > 0) {
      retryQueueLeft--;
      return new Send.Avro(RETRY_QUEUE, staleOffer(now));
    }
    if (!recent.isEmpty() && random.nextDouble() < RESEND_SHARE) {
      return new Send.Avro(RESENT, recent.get(random.nextInt(recent.size())));
    }
    Send.Avro fresh = fresh(now);
    remember(fresh.message());
    return fresh;
  }

  private Send.Avro fresh(Instant now) {
    long sinceCampaignStart = Duration.between(start, now).toMillis() % CAMPAIGN_PERIOD.toMillis();
    boolean burst = sinceCampaignStart < CAMPAIGN_BURST.toMillis();
    double promotions = burst ? 0.70 : 0.40;
    double newsletter = burst ? 0.12 : 0.28;
    double orders = burst ? 0.12 : 0.22;
    double draw = random.nextDouble();
    if (draw < promotions) {
      return new Send.Avro(PROMOTIONS, promotion(now));
    }
    if (draw < promotions + newsletter) {
      return new Send.Avro(NEWSLETTER, newsletter(now));
    }
    if (draw < promotions + newsletter + orders) {
      return new Send.Avro(ORDERS, order(now));
    }
    return new Send.Avro(SECURITY, securityCode(now));
  }

  /**
   * The newsletter job walks the customer base in order, one edition per pass: a "daily" newsletter
   * with the day compressed into one pass, so each customer gets each edition once.
   */
  private OutboundMessage newsletter(Instant now) {
    int edition = newsletterCursor / customers.size() + 1;
    String customerId = customers.get(newsletterCursor % customers.size());
    newsletterCursor++;
    return base(
            "newsletter-e" + edition + "-" + customerId,
            customerId,
            "default",
            Channel.EMAIL,
            "NEWSLETTER",
            now)
        .setCampaignId("daily-digest-e" + edition)
        .setTags(List.of("newsletter"))
        .setPriority(1)
        .setPayloadRef("template:daily-digest")
        .build();
  }

  private OutboundMessage promotion(Instant now) {
    int campaignIndex =
        (int) (Duration.between(start, now).toMillis() / CAMPAIGN_PERIOD.toMillis());
    String campaign = CAMPAIGNS.get(campaignIndex % CAMPAIGNS.size()) + "-" + (campaignIndex + 1);
    double channelDraw = random.nextDouble();
    Channel channel =
        channelDraw < 0.30 ? Channel.SMS : channelDraw < 0.65 ? Channel.PUSH : Channel.EMAIL;
    String category = random.nextDouble() < 0.60 ? "MARKETING" : "PROMOTIONAL";
    OutboundMessage.Builder m =
        base(
                nextId("promo"),
                randomCustomer(),
                random.nextBoolean() ? RETAIL_TENANT : "default",
                channel,
                category,
                now)
            .setCampaignId(campaign)
            .setTags(List.of("campaign", campaign))
            .setPriority(random.nextInt(3))
            .setPayloadRef("template:" + campaign);
    // Flash offers are worthless after their window; some senders would rather lose a message than
    // send it late.
    if (random.nextDouble() < 0.30) {
      m.setExpiresAt(now.plusSeconds(45 + random.nextInt(46)));
    }
    if (random.nextDouble() < 0.20) {
      m.setDeferrable(false);
    }
    return m.build();
  }

  private OutboundMessage order(Instant now) {
    Channel channel = random.nextDouble() < 0.70 ? Channel.EMAIL : Channel.SMS;
    String tenant = random.nextDouble() < 0.60 ? RETAIL_TENANT : "default";
    return base(nextId("order"), randomCustomer(), tenant, channel, "TRANSACTIONAL", now)
        .setTags(List.of("order"))
        .setPriority(8)
        .setPayloadRef("template:order-shipped")
        .build();
  }

  private OutboundMessage securityCode(Instant now) {
    return base(nextId("otp"), randomCustomer(), "default", Channel.SMS, "SECURITY", now)
        .setTags(List.of("otp"))
        .setPriority(10)
        .setExpiresAt(now.plus(Duration.ofMinutes(5)))
        .setDeferrable(false)
        .setPayloadRef("template:one-time-code")
        .build();
  }

  /** Created two to three minutes ago, expired before it reached the guard. */
  private OutboundMessage staleOffer(Instant now) {
    Instant created = now.minusSeconds(120 + random.nextInt(61));
    return base(
            nextId("promo"), randomCustomer(), RETAIL_TENANT, Channel.PUSH, "PROMOTIONAL", created)
        .setCampaignId("flash-hour")
        .setTags(List.of("campaign", "flash-hour"))
        .setExpiresAt(created.plusSeconds(60 + random.nextInt(31)))
        .setPayloadRef("template:flash-hour")
        .build();
  }

  /** Cycles through the ways real senders get it wrong. */
  private Send broken(Instant now) {
    String customerId = randomCustomer();
    int kind = brokenSent++ % 4;
    return switch (kind) {
      case 0 ->
          new Send.Raw(
              BROKEN,
              customerId,
              ("{\"customerId\":\""
                      + customerId
                      + "\",\"channel\":\"SMS\",\"text\":\"50% off today only\"}")
                  .getBytes(StandardCharsets.UTF_8));
      case 1 -> {
        byte[] garbage = new byte[16 + random.nextInt(48)];
        random.nextBytes(garbage);
        garbage[0] = 7; // anything but the wire format's magic byte 0
        yield new Send.Raw(BROKEN, customerId, garbage);
      }
      // The wire format's header with a schema id no registry knows.
      case 2 -> new Send.Raw(BROKEN, customerId, new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6});
      // Readable, but without a category the rules cannot judge it: DLQ plus an INVALID decision.
      default ->
          new Send.Avro(
              BROKEN,
              base(nextId("promo"), customerId, "default", Channel.EMAIL, " ", now)
                  .setPayloadRef("template:untitled")
                  .build());
    };
  }

  private OutboundMessage.Builder base(
      String messageId,
      String customerId,
      String tenant,
      Channel channel,
      String category,
      Instant createdAt) {
    return OutboundMessage.newBuilder()
        .setMessageId(messageId)
        .setCustomerId(customerId)
        .setTenant(tenant)
        .setChannel(channel)
        .setCategory(category)
        .setCreatedAt(createdAt)
        .setAttributes(Map.of("source", "fatigue-guard-demo"));
  }

  private void remember(OutboundMessage message) {
    if (recent.size() < 500) {
      recent.add(message);
    } else {
      recent.set(random.nextInt(recent.size()), message);
    }
  }

  private String randomCustomer() {
    return customers.get(random.nextInt(customers.size()));
  }

  private String nextId(String prefix) {
    return String.format("%s-%08d", prefix, ++sequence);
  }
}
