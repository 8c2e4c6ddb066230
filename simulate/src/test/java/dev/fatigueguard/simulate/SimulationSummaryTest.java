package dev.fatigueguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.policy.PolicyJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of a history small enough to work out by hand. */
class SimulationSummaryTest {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  /**
   * One contact per hour, held messages wait up to two hours.
   *
   * <ul>
   *   <li>a: m1 at 10:00 approved; m2 at 10:10 held until the 10:00 contact leaves the window at
   *       11:00, then released (50 min late); m3 at 10:20 may not be delayed, so it is dropped
   *       (CAP_EXCEEDED).
   *   <li>b: m4 TRANSACTIONAL at 10:00 approved (exempt, not counted); m5 at 10:05 approved.
   *   <li>c: m6 SMS at 10:00 approved.
   *   <li>one unreadable line: INVALID.
   * </ul>
   */
  @Test
  void countsDecisionsContactsRulesAndDelaysOfAHandComputedCase() {
    List<OutboundMessage> messages =
        List.of(
            message("m1", "a", Channel.EMAIL, "MARKETING", 0).build(),
            message("m2", "a", Channel.EMAIL, "MARKETING", 10).build(),
            message("m3", "a", Channel.EMAIL, "MARKETING", 20).setDeferrable(false).build(),
            message("m4", "b", Channel.EMAIL, "TRANSACTIONAL", 0).build(),
            message("m5", "b", Channel.EMAIL, "MARKETING", 5).build(),
            message("m6", "c", Channel.SMS, "MARKETING", 0).build());
    History history =
        new History(
            messages,
            List.of(
                new InvalidLine(
                    Path.of("h.jsonl"), 7, "createdAt", "must be an ISO-8601 instant")));
    ReplayRules rules =
        new ReplayRules(
            List.of(
                PolicyJson.readPolicy(
                    """
        {"tenant":"default","overflowAction":"DELAY","maxDelay":"PT2H",
         "caps":[{"id":"hourly","max":1,"window":"PT1H"}]}""")),
            List.of());

    Summary s = Simulation.run("p", history, rules, null).summary();

    assertThat(s.inputLines()).isEqualTo(7);
    assertThat(s.unreadable()).isEqualTo(1);
    assertThat(s.messages()).isEqualTo(6);
    assertThat(s.approved()).isEqualTo(4);
    assertThat(s.delayed()).isEqualTo(1);
    assertThat(s.released()).isEqualTo(1);
    assertThat(s.dropped()).isEqualTo(2); // m3 and the unreadable line
    assertThat(s.heldAtEnd()).isZero();
    assertThat(s.byReason()).containsOnlyKeys("CAP_EXCEEDED", "INVALID");
    assertThat(s.byReason().get("CAP_EXCEEDED")).containsExactly(1, 1);
    assertThat(s.byReason().get("INVALID")).containsExactly(0, 1);
    assertThat(s.byChannel()).containsOnlyKeys("EMAIL", "SMS");
    assertThat(s.byChannel().get("EMAIL"))
        .containsExactly(5, 3, 1, 1, 1); // input, approved, released, delayed, dropped
    assertThat(s.byChannel().get("SMS")).containsExactly(1, 1, 0, 0, 0);
    // before: a=3, b=2, c=1; after: a=2 (m1, m2), b=2, c=1. Nearest-rank percentiles.
    assertThat(s.before()).isEqualTo(new Distribution(3, 2.0, 2, 3, 3));
    assertThat(s.after().mean()).isEqualTo(5.0 / 3);
    assertThat(s.after())
        .extracting(Distribution::count, Distribution::p50, Distribution::p95, Distribution::max)
        .containsExactly(3L, 2L, 2L, 2L);
    assertThat(s.ruleHits()).containsExactly(java.util.Map.entry("default/hourly", 1));
    assertThat(s.delays())
        .isEqualTo(
            new Distribution(
                1,
                Duration.ofMinutes(50).toMillis(),
                Duration.ofMinutes(50).toMillis(),
                Duration.ofMinutes(50).toMillis(),
                Duration.ofMinutes(50).toMillis()));
    assertThat(s.delivered()).isEqualTo(5);
  }

  @Test
  void percentilesAreNearestRank() {
    long[] values = {5, 1, 4, 2, 3, 10, 6, 7, 9, 8};
    assertThat(Distribution.of(values, values.length))
        .isEqualTo(new Distribution(10, 5.5, 5, 10, 10));
    assertThat(Distribution.of(new long[0], 0)).isEqualTo(Distribution.EMPTY);
  }

  private static OutboundMessage.Builder message(
      String id, String customer, Channel channel, String category, int minute) {
    return OutboundMessage.newBuilder()
        .setMessageId(id)
        .setCustomerId(customer)
        .setChannel(channel)
        .setCategory(category)
        .setCreatedAt(T0.plus(Duration.ofMinutes(minute)));
  }
}
