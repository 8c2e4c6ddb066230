package dev.fatigueguard.bench.e2e;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The synthetic traffic every benchmark replays: a platform policy with four caps from one hour to
 * thirty days and SMS/PUSH quiet hours, a few customers with their own opt-outs, caps or snoozes,
 * and messages whose customers follow a skewed popularity (a few customers get many messages, as
 * with real campaigns), so caps, quiet hours, opt-outs, snoozes and duplicates all suppress a share
 * of them. Deterministic for a given seed.
 */
public final class Workload {

  /**
   * Four caps from PT1H to P30D, SMS/PUSH quiet hours, overflow DROP (held messages are not part of
   * the throughput run).
   */
  public static final String PLATFORM_POLICY =
      """
      {"tenant":"default","defaultZone":"Europe/Berlin","overflowAction":"DROP",
       "caps":[{"id":"hourly","max":2,"window":"PT1H"},
               {"id":"daily","max":4,"window":"P1D"},
               {"id":"weekly","max":10,"window":"P7D"},
               {"id":"monthly","max":25,"window":"P30D"},
               {"id":"sms-gap","max":1,"window":"PT16H","channels":["SMS"]}],
       "quietHours":[{"id":"night","start":"22:00","end":"07:00","channels":["SMS","PUSH"]}]}""";

  private static final Channel[] CHANNELS = {
    Channel.EMAIL,
    Channel.EMAIL,
    Channel.EMAIL,
    Channel.EMAIL,
    Channel.EMAIL,
    Channel.PUSH,
    Channel.PUSH,
    Channel.SMS,
    Channel.SMS,
    Channel.WHATSAPP
  };
  private static final String[] CATEGORIES = {
    "MARKETING",
    "MARKETING",
    "MARKETING",
    "MARKETING",
    "PROMOTIONAL",
    "NEWSLETTER",
    "NEWSLETTER",
    "SERVICE",
    "TRANSACTIONAL",
    "SECURITY"
  };
  private static final int RECENT_IDS = 1024;

  private final int customers;
  private final Random random;
  private final ByteBuffer payload;
  private final String[] recentIds = new String[RECENT_IDS];
  private final String[] recentCustomers = new String[RECENT_IDS];
  private long sequence;

  public Workload(int customers, long seed) {
    this.customers = customers;
    this.random = new Random(seed);
    byte[] bytes = new byte[256];
    random.nextBytes(bytes);
    this.payload = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  public static Policy platformPolicy() {
    return PolicyJson.readPolicy(PLATFORM_POLICY);
  }

  public static String customerId(int index) {
    return "c-" + index;
  }

  /**
   * Preferences for about 8 % of customers: opt-outs (5 %), a stricter own cap (2 %), a snooze (1
   * %).
   */
  public static List<CustomerPreferences> preferences(int customers, Instant snoozeUntil) {
    List<CustomerPreferences> out = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      String id = customerId(i);
      int bucket = Math.floorMod(id.hashCode() * 31 + 7, 100);
      String json;
      if (bucket < 5) {
        json =
            """
            {"customerId":"%s","optOuts":[{"channel":"SMS"},{"channel":"PUSH","category":"MARKETING"}]}"""
                .formatted(id);
      } else if (bucket < 7) {
        json =
            """
            {"customerId":"%s","zone":"America/New_York","caps":[{"id":"my-daily","max":1,"window":"P1D"}]}"""
                .formatted(id);
      } else if (bucket < 8) {
        json =
            """
            {"customerId":"%s","snoozeUntil":"%s"}"""
                .formatted(id, snoozeUntil);
      } else {
        continue;
      }
      out.add(PolicyJson.readPreferences(json));
    }
    return out;
  }

  /**
   * A skewed customer index: the square of a uniform draw puts ~10 % of traffic on the top 1 % of
   * customers.
   */
  private int nextCustomer() {
    double u = random.nextDouble();
    return Math.min(customers - 1, (int) (u * u * customers));
  }

  /** The next message at {@code atMillis}; about 1 % re-send a recent message id (DUPLICATE). */
  public OutboundMessage next(long atMillis) {
    long n = sequence++;
    int slot = (int) (n % RECENT_IDS);
    if (n > RECENT_IDS && random.nextInt(100) == 0) {
      int from = random.nextInt(RECENT_IDS);
      return message(recentIds[from], recentCustomers[from], atMillis);
    }
    String id = "m-" + n;
    String customer = customerId(nextCustomer());
    recentIds[slot] = id;
    recentCustomers[slot] = customer;
    return message(id, customer, atMillis);
  }

  /**
   * The next message for a given customer (the scale run gives every customer its own messages).
   */
  public OutboundMessage nextFor(String customerId, long atMillis) {
    return message("m-" + sequence++, customerId, atMillis);
  }

  private OutboundMessage message(String id, String customer, long atMillis) {
    String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
    return OutboundMessage.newBuilder()
        .setMessageId(id)
        .setCustomerId(customer)
        .setTenant(null)
        .setChannel(CHANNELS[random.nextInt(CHANNELS.length)])
        .setCategory(category)
        .setCampaignId(category.equals("MARKETING") ? "campaign-" + random.nextInt(50) : null)
        .setTags(category.equals("PROMOTIONAL") ? List.of("black-friday") : List.of())
        .setPriority(random.nextInt(3))
        .setCreatedAt(Instant.ofEpochMilli(atMillis))
        .setPayload(payload.duplicate())
        .setAttributes(Map.of("sender", "bench"))
        .build();
  }
}
