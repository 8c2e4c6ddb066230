package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.streams.test.TestRecord;

/**
 * SPEC invariants 1–3 on the real topology (stores, punctuation, serdes), not only on the core:
 * random message streams for a few customers against a random cap policy, with the wall clock
 * moving along. The oracle here is deliberately naive: it re-counts the approved output for every
 * window.
 */
class GuardTopologyProperties {

  private static final Instant T0 = GuardDriver.T0;
  private static final Channel[] CHANNELS = {Channel.EMAIL, Channel.SMS, Channel.PUSH};
  private static final String[] CATEGORIES = {"MARKETING", "NEWSLETTER", "TRANSACTIONAL"};

  record Send(
      String customer, Channel channel, String category, int priority, long offsetSeconds) {}

  record Scenario(int hourlyMax, int smsPerDay, boolean delay, List<Send> sends) {}

  @Property(tries = 25, shrinking = ShrinkingMode.OFF)
  void theTopologyKeepsTheInvariants(@ForAll("scenarios") Scenario scenario) {
    try (GuardDriver guard = new GuardDriver()) {
      guard.policy(
          """
          {"tenant":"default","overflowAction":"%s","maxDelay":"PT6H","caps":[
            {"id":"hourly","max":%d,"window":"PT1H"},
            {"id":"sms","max":%d,"window":"P1D","channels":["SMS"]}]}"""
              .formatted(
                  scenario.delay() ? "DELAY" : "DROP", scenario.hourlyMax(), scenario.smsPerDay()));
      guard.preferences(
          """
          {"customerId":"c0","optOuts":[{"channel":"PUSH"}]}""",
          T0);

      List<Send> sends = new ArrayList<>(scenario.sends());
      sends.sort(java.util.Comparator.comparingLong(Send::offsetSeconds));
      List<String> ids = new ArrayList<>();
      long clock = 0;
      for (int i = 0; i < sends.size(); i++) {
        Send s = sends.get(i);
        if (s.offsetSeconds() > clock) {
          guard.advanceWallClock(Duration.ofSeconds(s.offsetSeconds() - clock));
          clock = s.offsetSeconds();
        }
        String id = "m" + i;
        ids.add(id);
        Instant at = T0.plusSeconds(s.offsetSeconds());
        guard.send(
            GuardDriver.message(id, s.customer())
                .setChannel(s.channel())
                .setCategory(s.category())
                .setPriority(s.priority())
                .setCreatedAt(at)
                .build(),
            at);
      }
      // Let every held message reach its release or its maxDelay.
      for (int step = 0; step < 8; step++) {
        guard.advanceWallClock(Duration.ofHours(1));
      }

      List<TestRecord<String, byte[]>> approved = guard.approved.readRecordsToList();
      List<ContactDecision> decisions = guard.decisions();
      Map<String, List<ContactDecision>> byMessage = new HashMap<>();
      decisions.forEach(
          d -> byMessage.computeIfAbsent(d.getMessageId(), k -> new ArrayList<>()).add(d));

      // (2) exactly one terminal outcome per message (nothing can still be held after maxDelay).
      for (String id : ids) {
        long terminal =
            byMessage.getOrDefault(id, List.of()).stream()
                .filter(d -> d.getDecision() != Decision.DELAYED)
                .count();
        assertThat(terminal).as("terminal outcomes of %s: %s", id, byMessage.get(id)).isEqualTo(1);
      }
      assertThat(approved)
          .hasSize(
              (int)
                  decisions.stream()
                      .filter(
                          d ->
                              d.getDecision() == Decision.APPROVED
                                  || d.getDecision() == Decision.RELEASED)
                      .count());

      // (1) no cap exceeded in any window of the approved output; (3) no opted-out approval.
      Map<String, List<long[]>> contacts = new HashMap<>();
      for (TestRecord<String, byte[]> r : approved) {
        OutboundMessage m =
            guard.serdes.outboundMessage().deserializer().deserialize("x", r.value());
        assertThat(
                m.getCustomerId().equals("c0")
                    && m.getChannel() == Channel.PUSH
                    && !m.getCategory().equals("TRANSACTIONAL"))
            .as("opt-out violated by %s", m.getMessageId())
            .isFalse();
        if (!m.getCategory().equals("TRANSACTIONAL")) {
          contacts
              .computeIfAbsent(m.getCustomerId(), k -> new ArrayList<>())
              .add(new long[] {r.timestamp(), m.getChannel() == Channel.SMS ? 1 : 0});
        }
      }
      contacts.forEach(
          (customer, list) -> {
            for (long[] a : list) {
              long hour =
                  list.stream().filter(c -> c[0] >= a[0] && c[0] - a[0] < 3_600_000L).count();
              long smsDay =
                  list.stream()
                      .filter(c -> c[1] == 1 && c[0] >= a[0] && c[0] - a[0] < 86_400_000L)
                      .count();
              assertThat(hour)
                  .as("hourly cap of %s", customer)
                  .isLessThanOrEqualTo(scenario.hourlyMax());
              assertThat(smsDay)
                  .as("SMS cap of %s", customer)
                  .isLessThanOrEqualTo(scenario.smsPerDay());
            }
          });
      assertThat(decisions).noneMatch(d -> d.getReason() == DropReason.INVALID);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Send> send =
        Combinators.combine(
                Arbitraries.of("c0", "c1", "c2"),
                Arbitraries.of(CHANNELS),
                Arbitraries.of(CATEGORIES),
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 3 * 3600))
            .as(Send::new);
    return Combinators.combine(
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(true, false),
            send.list().ofMinSize(5).ofMaxSize(40))
        .as(Scenario::new);
  }
}
