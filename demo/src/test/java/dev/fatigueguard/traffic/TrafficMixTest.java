package dev.fatigueguard.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrafficMixTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final List<String> CUSTOMERS =
      IntStream.rangeClosed(1, 500).mapToObj(i -> String.format("c-%05d", i)).toList();

  /** 200 records a second for 100 simulated seconds. */
  private static final int RECORDS = 20_000;

  private static final Duration SPACING = Duration.ofMillis(5);

  private record Sent(Instant at, TrafficMix.Send send) {}

  private static List<Sent> run(long seed) {
    TrafficMix mix = new TrafficMix(seed, CUSTOMERS, START);
    List<Sent> sent = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      Instant now = START.plus(SPACING.multipliedBy(i));
      sent.add(new Sent(now, mix.next(now)));
    }
    return sent;
  }

  private static List<OutboundMessage> messagesOf(List<Sent> sent, String sender) {
    return sent.stream()
        .map(Sent::send)
        .filter(s -> s.sender().equals(sender))
        .filter(TrafficMix.Send.Avro.class::isInstance)
        .map(s -> ((TrafficMix.Send.Avro) s).message())
        .toList();
  }

  private static String describe(TrafficMix.Send send) {
    return send instanceof TrafficMix.Send.Avro avro
        ? send.sender() + "|" + send.key() + "|" + avro.message()
        : send.sender()
            + "|"
            + send.key()
            + "|"
            + new String(((TrafficMix.Send.Raw) send).value(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void theSameSeedSendsTheSameTrafficAndAnotherSeedDoesNot() {
    List<String> first = run(42).stream().map(s -> describe(s.send())).toList();
    List<String> again = run(42).stream().map(s -> describe(s.send())).toList();
    List<String> other = run(43).stream().map(s -> describe(s.send())).toList();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void everySenderGetsItsShareOfTheTraffic() {
    Map<String, Long> bySender =
        run(42).stream()
            .collect(Collectors.groupingBy(s -> s.send().sender(), Collectors.counting()));

    assertThat(share(bySender, TrafficMix.PROMOTIONS)).isBetween(0.42, 0.54);
    assertThat(share(bySender, TrafficMix.NEWSLETTER)).isBetween(0.18, 0.27);
    assertThat(share(bySender, TrafficMix.ORDERS)).isBetween(0.15, 0.23);
    assertThat(share(bySender, TrafficMix.SECURITY)).isBetween(0.05, 0.11);
    assertThat(share(bySender, TrafficMix.RESENT)).isBetween(0.006, 0.014);
    // Time-driven faults: a retry queue of 5 every 20 s from 10 s, a broken record every 15 s from
    // 5 s.
    assertThat(bySender.get(TrafficMix.RETRY_QUEUE)).isEqualTo(5L * TrafficMix.RETRY_QUEUE_SIZE);
    assertThat(bySender.get(TrafficMix.BROKEN)).isEqualTo(7L);
  }

  private static double share(Map<String, Long> bySender, String sender) {
    return bySender.getOrDefault(sender, 0L) / (double) RECORDS;
  }

  @Test
  void promotionsComeInBurstsWhenACampaignStarts() {
    List<Sent> sent = run(42);
    Function<Boolean, Double> promotionShare =
        inBurst -> {
          List<Sent> phase =
              sent.stream()
                  .filter(
                      s -> {
                        long intoCampaign =
                            Duration.between(START, s.at()).toMillis()
                                % TrafficMix.CAMPAIGN_PERIOD.toMillis();
                        return (intoCampaign < TrafficMix.CAMPAIGN_BURST.toMillis()) == inBurst;
                      })
                  .toList();
          return phase.stream().filter(s -> s.send().sender().equals(TrafficMix.PROMOTIONS)).count()
              / (double) phase.size();
        };

    assertThat(promotionShare.apply(true)).isGreaterThan(0.6);
    assertThat(promotionShare.apply(false)).isLessThan(0.5);
  }

  @Test
  void aResentMessageIsOneSentBeforeWithTheSameMessageId() {
    List<Sent> sent = run(7);
    Set<OutboundMessage> sentBefore = new HashSet<>();
    int resent = 0;
    for (Sent s : sent) {
      if (!(s.send() instanceof TrafficMix.Send.Avro avro)) {
        continue;
      }
      if (s.send().sender().equals(TrafficMix.RESENT)) {
        assertThat(sentBefore).contains(avro.message());
        resent++;
      } else {
        sentBefore.add(avro.message());
      }
    }
    assertThat(resent).isPositive();
  }

  @Test
  void freshMessagesHaveUniqueIdsAndAreKeyedByCustomer() {
    List<Sent> sent = run(42);
    List<String> ids =
        sent.stream()
            .map(Sent::send)
            .filter(s -> s instanceof TrafficMix.Send.Avro && !s.sender().equals(TrafficMix.RESENT))
            .map(s -> ((TrafficMix.Send.Avro) s).message().getMessageId())
            .toList();

    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    sent.stream()
        .map(Sent::send)
        .filter(TrafficMix.Send.Avro.class::isInstance)
        .forEach(
            s ->
                assertThat(s.key())
                    .isEqualTo(((TrafficMix.Send.Avro) s).message().getCustomerId()));
  }

  @Test
  void eachSenderSendsWhatItsSystemWould() {
    List<Sent> sent = run(42);

    assertThat(messagesOf(sent, TrafficMix.NEWSLETTER))
        .allSatisfy(
            m -> {
              assertThat(m.getChannel()).isEqualTo(Channel.EMAIL);
              assertThat(m.getCategory()).isEqualTo("NEWSLETTER");
              assertThat(m.getDeferrable()).isTrue();
            });
    // One edition per pass over the customer base: nobody gets the same edition twice.
    List<OutboundMessage> newsletters = messagesOf(sent, TrafficMix.NEWSLETTER);
    assertThat(newsletters.stream().map(m -> m.getCampaignId() + m.getCustomerId()).distinct())
        .hasSameSizeAs(newsletters);

    List<OutboundMessage> promotions = messagesOf(sent, TrafficMix.PROMOTIONS);
    assertThat(promotions)
        .extracting(OutboundMessage::getChannel)
        .containsOnly(Channel.SMS, Channel.PUSH, Channel.EMAIL)
        .contains(Channel.SMS, Channel.PUSH, Channel.EMAIL);
    assertThat(promotions)
        .extracting(OutboundMessage::getCategory)
        .containsOnly("MARKETING", "PROMOTIONAL")
        .contains("MARKETING", "PROMOTIONAL");
    assertThat(promotions)
        .extracting(OutboundMessage::getTenant)
        .containsOnly("default", TrafficMix.RETAIL_TENANT)
        .contains("default", TrafficMix.RETAIL_TENANT);
    assertThat(promotions).allSatisfy(m -> assertThat(m.getCampaignId()).isNotBlank());
    assertThat(promotions).filteredOn(m -> !m.getDeferrable()).isNotEmpty();
    List<OutboundMessage> expiring =
        promotions.stream().filter(m -> m.getExpiresAt() != null).toList();
    assertThat(expiring)
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(Duration.between(m.getCreatedAt(), m.getExpiresAt()))
                    .isBetween(Duration.ofSeconds(45), Duration.ofSeconds(90)));

    assertThat(messagesOf(sent, TrafficMix.ORDERS))
        .allSatisfy(
            m -> {
              assertThat(m.getCategory()).isEqualTo("TRANSACTIONAL");
              assertThat(m.getChannel()).isIn(Channel.EMAIL, Channel.SMS);
              assertThat(m.getPriority()).isGreaterThan(5);
            });
    assertThat(messagesOf(sent, TrafficMix.SECURITY))
        .allSatisfy(
            m -> {
              assertThat(m.getCategory()).isEqualTo("SECURITY");
              assertThat(m.getChannel()).isEqualTo(Channel.SMS);
              assertThat(m.getDeferrable()).isFalse();
              assertThat(m.getPriority()).isGreaterThan(8);
            });
  }

  @Test
  void theRetryQueueHoldsOffersThatExpiredBeforeTheyWereSentButAreStillValidMessages() {
    List<Sent> sent = run(42);
    List<Sent> stale =
        sent.stream().filter(s -> s.send().sender().equals(TrafficMix.RETRY_QUEUE)).toList();

    assertThat(stale)
        .isNotEmpty()
        .allSatisfy(
            s -> {
              OutboundMessage m = ((TrafficMix.Send.Avro) s.send()).message();
              assertThat(m.getExpiresAt()).isBefore(s.at()).isAfterOrEqualTo(m.getCreatedAt());
            });
  }

  @Test
  void brokenSendersWriteEveryKindOfUnreadableOrInvalidRecord() {
    List<TrafficMix.Send> broken =
        run(42).stream().map(Sent::send).filter(s -> s.sender().equals(TrafficMix.BROKEN)).toList();

    List<byte[]> raw =
        broken.stream()
            .filter(TrafficMix.Send.Raw.class::isInstance)
            .map(s -> ((TrafficMix.Send.Raw) s).value())
            .toList();
    assertThat(raw)
        .anySatisfy(v -> assertThat(new String(v, StandardCharsets.UTF_8)).startsWith("{"));
    assertThat(raw).anySatisfy(v -> assertThat(v[0]).isNotZero());
    // The wire format's magic byte, but a schema id no registry has.
    assertThat(raw).anySatisfy(v -> assertThat(v[0]).isZero());
    assertThat(broken)
        .filteredOn(TrafficMix.Send.Avro.class::isInstance)
        .allSatisfy(s -> assertThat(((TrafficMix.Send.Avro) s).message().getCategory()).isBlank())
        .isNotEmpty();
  }

  @Test
  void everyCustomerIsReachedByTheNewsletter() {
    Set<String> reached =
        messagesOf(run(42), TrafficMix.NEWSLETTER).stream()
            .map(OutboundMessage::getCustomerId)
            .collect(Collectors.toSet());

    assertThat(reached)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, CUSTOMERS.size())
                .mapToObj(i -> String.format("c-%05d", i))
                .toList());
  }
}
