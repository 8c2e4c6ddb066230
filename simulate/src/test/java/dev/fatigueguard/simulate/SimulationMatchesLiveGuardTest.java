package dev.fatigueguard.simulate;

import static dev.fatigueguard.topology.GuardDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.topology.GuardDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replay must decide exactly what the live guard decides. The live side is the production build
 * of the topology (RocksDB stores, changelogs, caching) in {@link GuardDriver}, driven the way a
 * running guard sees the world: the wall clock ticks every second (one punctuation per tick) and
 * each message arrives when it was created. The replay side is {@code simulate}'s {@link Replay}:
 * in-memory stores and a wall clock that jumps straight to the moments something is due. Same
 * input, same rules: every message must get the same sequence of decisions, with the same reasons,
 * rules and times.
 */
class SimulationMatchesLiveGuardTest {

  private static final String DEFAULT_POLICY =
      """
      {"tenant":"default","overflowAction":"DELAY","maxDelay":"PT1H",
       "caps":[{"id":"half-hour","max":3,"window":"PT30M"},
               {"id":"sms-gap","max":1,"window":"PT10M","channels":["SMS"]},
               {"id":"per-campaign","max":1,"window":"PT15M","perCampaign":true}],
       "quietHours":[{"id":"lunch","start":"11:00","end":"11:20"}],
       "sendWindows":[{"id":"email-slot","start":"10:30","end":"11:50","channels":["EMAIL"]}]}""";
  private static final String ACME_POLICY =
      """
      {"tenant":"acme","overflowAction":"DROP","caps":[{"id":"acme-20m","max":2,"window":"PT20M"}],
       "sendWindows":[{"id":"push-slot","start":"10:10","end":"10:50","channels":["PUSH"]}]}""";
  private static final List<String> PREFERENCES =
      List.of(
          "{\"customerId\":\"c03\",\"snoozeUntil\":\"" + T0.plus(Duration.ofMinutes(40)) + "\"}",
          "{\"customerId\":\"c04\",\"optOuts\":[{\"channel\":\"SMS\"}]}",
          "{\"customerId\":\"c05\",\"caps\":[{\"id\":\"mine\",\"max\":1,\"window\":\"PT15M\"}]}");
  private static final Channel[] CHANNELS = {Channel.EMAIL, Channel.SMS, Channel.PUSH};
  private static final String[] CATEGORIES = {"MARKETING", "MARKETING", "SERVICE", "TRANSACTIONAL"};

  /**
   * Several random histories: the replay drives the processors itself, so agreement must not hinge
   * on one.
   */
  @ParameterizedTest(name = "history seed {0}")
  @ValueSource(ints = {7, 11, 23})
  void everyMessageGetsTheSameDecisionsAsInTheLiveGuard(int seed) {
    List<OutboundMessage> messages = history(new Random(seed), 400);

    List<ContactDecision> live = live(messages);
    List<ContactDecision> replayed = new ArrayList<>();
    ReplayRules rules =
        new ReplayRules(
            List.of(PolicyJson.readPolicy(DEFAULT_POLICY), PolicyJson.readPolicy(ACME_POLICY)),
            PREFERENCES.stream().map(PolicyJson::readPreferences).toList());
    try (Replay replay = new Replay(rules, T0)) {
      long stillHeld = replay.run(new History(messages, List.of()), replayed::add);
      assertThat(stillHeld).isZero();
    }

    // The history must exercise every path, or agreement would prove little.
    assertThat(live)
        .extracting(ContactDecision::getDecision)
        .contains(Decision.APPROVED, Decision.DELAYED, Decision.RELEASED, Decision.DROPPED);
    assertThat(live)
        .extracting(ContactDecision::getReason)
        .contains(
            DropReason.CAP_EXCEEDED,
            DropReason.QUIET_HOURS,
            DropReason.SNOOZED,
            DropReason.OPTED_OUT,
            DropReason.EXPIRED,
            DropReason.DUPLICATE,
            DropReason.SUPERSEDED,
            DropReason.OUTSIDE_SEND_WINDOW);
    assertThat(live).extracting(ContactDecision::getRuleId).contains("default/per-campaign");
    assertThat(byMessage(replayed)).isEqualTo(byMessage(live));
  }

  /**
   * Live: one wall-clock tick per second, each message piped once the clock has reached its second.
   */
  private static List<ContactDecision> live(List<OutboundMessage> messages) {
    List<ContactDecision> decisions = new ArrayList<>();
    try (GuardDriver guard = new GuardDriver()) {
      guard.policy(DEFAULT_POLICY);
      guard.policy(ACME_POLICY);
      PREFERENCES.forEach(p -> guard.preferences(p, T0));
      Instant wall = T0;
      for (OutboundMessage m : messages) {
        while (!wall.plusSeconds(1).isAfter(m.getCreatedAt())) {
          wall = wall.plusSeconds(1);
          guard.advanceWallClock(Duration.ofSeconds(1));
        }
        guard.send(m, m.getCreatedAt());
      }
      Instant end =
          wall.plus(Duration.ofHours(1)).plusSeconds(2); // the longest maxDelay, and a tick
      while (wall.isBefore(end)) {
        wall = wall.plusSeconds(1);
        guard.advanceWallClock(Duration.ofSeconds(1));
      }
      decisions.addAll(guard.decisions());
    }
    return decisions;
  }

  /**
   * A busy two hours for 12 customers, at whole seconds, with retries (same messageId) and
   * expiries.
   */
  private static List<OutboundMessage> history(Random random, int count) {
    List<OutboundMessage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant created = T0.plusSeconds(random.nextInt(2 * 3600));
      if (i > 0 && random.nextInt(30) == 0) { // a sender's retry: same customer, same messageId
        out.add(
            OutboundMessage.newBuilder(out.get(random.nextInt(out.size())))
                .setCreatedAt(created)
                .build());
        continue;
      }
      String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
      OutboundMessage.Builder m =
          OutboundMessage.newBuilder()
              .setMessageId("m" + i)
              .setCustomerId(String.format("c%02d", 1 + random.nextInt(12)))
              .setTenant(random.nextInt(3) == 0 ? "acme" : null)
              .setChannel(CHANNELS[random.nextInt(CHANNELS.length)])
              .setCategory(category)
              .setPriority(random.nextInt(3))
              .setDeferrable(random.nextInt(10) != 0)
              .setCreatedAt(created)
              .setExpiresAt(random.nextInt(5) == 0 ? created.plus(Duration.ofMinutes(20)) : null)
              .setCampaignId(random.nextInt(3) == 0 ? null : "campaign-" + random.nextInt(3))
              .setCollapseKey(random.nextInt(4) == 0 ? "order-" + random.nextInt(2) : null);
      out.add(m.build());
    }
    out.sort(java.util.Comparator.comparing(OutboundMessage::getCreatedAt));
    return out;
  }

  /** messageId → its decisions in order, as "DECISION reason rule @decidedAt releaseAt". */
  private static Map<String, List<String>> byMessage(List<ContactDecision> decisions) {
    Map<String, List<String>> out = new TreeMap<>();
    for (ContactDecision d : decisions) {
      out.computeIfAbsent(d.getCustomerId() + "/" + d.getMessageId(), k -> new ArrayList<>())
          .add(
              d.getDecision()
                  + " "
                  + d.getReason()
                  + " "
                  + d.getRuleId()
                  + " @"
                  + d.getDecidedAt()
                  + " "
                  + d.getReleaseAt());
    }
    return out;
  }
}
