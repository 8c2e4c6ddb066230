package dev.fatigueguard.bench.jmh;

import dev.fatigueguard.decision.MessageFacts;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.PolicyJson;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The data the micro-benchmarks share: a three-cap policy (hour, day, 30 days) and ledgers of
 * recent contacts spread over the last days, with the channel, category and tag mix of real
 * traffic.
 */
public final class CoreFixtures {

  public static final String THREE_CAP_POLICY =
      """
      {"tenant":"default","defaultZone":"Europe/Berlin","overflowAction":"DROP",
       "caps":[{"id":"hourly","max":3,"window":"PT1H"},
               {"id":"daily","max":12,"window":"P1D"},
               {"id":"monthly","max":60,"window":"P30D"}]}""";

  private static final String[] CHANNELS = {"EMAIL", "SMS", "PUSH"};
  private static final String[] CATEGORIES = {"MARKETING", "NEWSLETTER", "SERVICE"};

  private CoreFixtures() {}

  public static EffectiveRules threeCapRules() {
    return Layering.resolve(PolicyJson.readPolicy(THREE_CAP_POLICY), null, null);
  }

  /**
   * {@code contacts} approved contacts, one every {@code spacing}, the newest {@code spacing}
   * before now.
   */
  public static ContactLedger ledger(int contacts, long nowMillis, Duration spacing) {
    ContactLedger ledger = new ContactLedger();
    for (int i = contacts; i >= 1; i--) {
      ledger.record(
          nowMillis - i * spacing.toMillis(),
          CHANNELS[i % CHANNELS.length],
          CATEGORIES[i % CATEGORIES.length],
          i % 4 == 0 ? List.of("black-friday") : List.of());
    }
    return ledger;
  }

  public static MessageFacts marketingEmail(long nowMillis) {
    return new MessageFacts(
        "m-1",
        "c-1",
        null,
        "EMAIL",
        "MARKETING",
        Set.of(),
        1,
        nowMillis,
        MessageFacts.NO_EXPIRY,
        true);
  }
}
