package dev.fatigueguard.topology;

import static dev.fatigueguard.topology.GuardDriver.T0;
import static dev.fatigueguard.topology.GuardDriver.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fatigueguard.avro.CapRule;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.config.GuardSetting;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real topology, driven by {@link org.apache.kafka.streams.TopologyTestDriver}. */
class GuardTopologyTest {

  private static final String NO_LIMITS =
      """
      {"tenant":"default"}""";

  private static final String ONE_PER_HOUR_DELAY =
      """
      {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D",
       "caps":[{"id":"hourly","max":1,"window":"PT1H"}]}""";

  private GuardDriver guard;

  @BeforeEach
  void start() {
    guard = new GuardDriver();
  }

  @AfterEach
  void stop() {
    guard.close();
  }

  @Test
  void approvesWithinTheCapAndForwardsTheSendersBytesUnchanged() {
    guard.policy(ONE_PER_HOUR_DELAY);
    byte[] sent = guard.send(message("m1", "c1").build(), T0);

    List<TestRecord<String, byte[]>> approved = guard.approved.readRecordsToList();
    assertThat(approved).hasSize(1);
    assertThat(approved.get(0).key()).isEqualTo("c1");
    assertThat(approved.get(0).value()).isEqualTo(sent);
    assertThat(guard.decisions())
        .extracting(ContactDecision::getMessageId, ContactDecision::getDecision)
        .containsExactly(tuple("m1", Decision.APPROVED));
  }

  @Test
  void dropsOverTheCapNamingTheRuleAndTheCountsItSaw() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":2,"window":"P1D"}]}""");
    for (int i = 1; i <= 3; i++) {
      guard.send(message("m" + i, "c1").build(), T0.plusSeconds(i * 60L));
    }

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1", "m2");
    List<ContactDecision> decisions = guard.decisions();
    ContactDecision dropped = decisions.get(2);
    assertThat(dropped.getDecision()).isEqualTo(Decision.DROPPED);
    assertThat(dropped.getReason()).isEqualTo(DropReason.CAP_EXCEEDED);
    assertThat(dropped.getRuleId()).isEqualTo("default/daily");
    assertThat(dropped.getWindowCounts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getUsed()).isEqualTo(2);
              assertThat(c.getMax()).isEqualTo(2);
              assertThat(c.getWindow()).isEqualTo("P1D");
            });
    List<SuppressedMessage> suppressed = guard.suppressed();
    assertThat(suppressed)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMessage().getMessageId()).isEqualTo("m3");
              assertThat(s.getDecision().getReason()).isEqualTo(DropReason.CAP_EXCEEDED);
            });
  }

  @Test
  void holdsOverTheCapAndReleasesOnWallClockWithoutNewInput() {
    guard.policy(ONE_PER_HOUR_DELAY);
    guard.send(message("m1", "c1").build(), T0);
    guard.send(message("m2", "c1").build(), T0.plusSeconds(60));

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1");
    ContactDecision delayed = guard.decisions().get(1);
    assertThat(delayed.getDecision()).isEqualTo(Decision.DELAYED);
    assertThat(delayed.getReason()).isEqualTo(DropReason.CAP_EXCEEDED);
    assertThat(delayed.getReleaseAt()).isEqualTo(T0.plus(Duration.ofHours(1)));

    guard.advanceWallClock(Duration.ofMinutes(30));
    assertThat(guard.approved.isEmpty()).isTrue();

    guard.advanceWallClock(Duration.ofMinutes(31));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m2");
    assertThat(guard.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getDecision()).isEqualTo(Decision.RELEASED);
              assertThat(d.getHeldSince()).isEqualTo(T0.plusSeconds(60));
            });
  }

  @Test
  void releasesCompetingHeldMessagesByPriorityThenAge() {
    guard.policy(ONE_PER_HOUR_DELAY);
    guard.send(message("first", "c1").build(), T0);
    guard.send(
        message("old-low", "c1").setPriority(0).setCreatedAt(T0.plusSeconds(10)).build(),
        T0.plusSeconds(10));
    guard.send(
        message("new-high", "c1").setPriority(9).setCreatedAt(T0.plusSeconds(20)).build(),
        T0.plusSeconds(20));
    guard.send(
        message("a-newer-low", "c1").setPriority(0).setCreatedAt(T0.plusSeconds(30)).build(),
        T0.plusSeconds(30));
    guard.approved.readRecordsToList();
    guard.decisions();

    List<String> releasedInOrder = new java.util.ArrayList<>();
    for (int hour = 1; hour <= 3; hour++) {
      guard.advanceWallClock(Duration.ofHours(1).plusSeconds(1));
      guard.approvedMessages().forEach(m -> releasedInOrder.add(m.getMessageId()));
    }
    // "a-newer-low" sorts first by id, so only age can put "old-low" ahead of it.
    assertThat(releasedInOrder).containsExactly("new-high", "old-low", "a-newer-low");
  }

  @Test
  void aHeldMessageThatCannotGoBeforeItsExpiryIsDroppedAsExpired() {
    guard.policy(ONE_PER_HOUR_DELAY);
    guard.send(message("first", "c1").build(), T0);
    guard.send(message("urgent", "c1").setPriority(5).build(), T0.plusSeconds(1));
    guard.send(
        message("short-lived", "c1").setExpiresAt(T0.plus(Duration.ofMinutes(90))).build(),
        T0.plusSeconds(2));
    assertThat(guard.decisions())
        .extracting(ContactDecision::getDecision)
        .containsExactly(Decision.APPROVED, Decision.DELAYED, Decision.DELAYED);
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("first");

    guard.advanceWallClock(Duration.ofHours(1).plusSeconds(5));

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("urgent");
    List<ContactDecision> decisions = guard.decisions();
    assertThat(decisions)
        .extracting(ContactDecision::getMessageId, ContactDecision::getDecision)
        .containsExactlyInAnyOrder(
            tuple("urgent", Decision.RELEASED), tuple("short-lived", Decision.DROPPED));
    ContactDecision expired =
        decisions.stream().filter(d -> d.getMessageId().equals("short-lived")).findFirst().get();
    assertThat(expired.getReason()).isEqualTo(DropReason.EXPIRED);
    assertThat(guard.suppressed())
        .extracting(s -> s.getMessage().getMessageId())
        .containsExactly("short-lived");

    guard.advanceWallClock(Duration.ofHours(2));
    assertThat(guard.approved.isEmpty()).as("an expired message never goes out later").isTrue();
  }

  @Test
  void aMessageIdSeenAgainIsDroppedAsDuplicateAndNotCounted() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":2,"window":"P1D"}]}""");
    guard.send(message("m1", "c1").build(), T0);
    guard.send(message("m1", "c1").build(), T0.plusSeconds(5));
    guard.send(message("m2", "c1").build(), T0.plusSeconds(10));

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1", "m2");
    assertThat(guard.decisions())
        .extracting(
            ContactDecision::getMessageId, ContactDecision::getDecision, ContactDecision::getReason)
        .containsExactly(
            tuple("m1", Decision.APPROVED, null),
            tuple("m1", Decision.DROPPED, DropReason.DUPLICATE),
            tuple("m2", Decision.APPROVED, null));
  }

  @Test
  void aDuplicateStampedEarlierThanTheOriginalIsStillADuplicate() {
    guard.policy(NO_LIMITS);
    guard.send(message("m1", "c1").build(), T0.plusSeconds(60));
    guard.send(message("m1", "c1").build(), T0); // a retry whose record carries the older send time

    assertThat(guard.decisions())
        .extracting(ContactDecision::getDecision, ContactDecision::getReason)
        .containsExactly(
            tuple(Decision.APPROVED, null), tuple(Decision.DROPPED, DropReason.DUPLICATE));
  }

  @Test
  void aMessageHeldLongerThanTheDedupWindowStillBlocksItsDuplicate() {
    guard.close();
    guard = new GuardDriver(Map.of(GuardSetting.DEDUP_WINDOW.key(), "PT10M"));
    guard.policy(ONE_PER_HOUR_DELAY);
    guard.send(message("m0", "c1").build(), T0);
    guard.send(message("m1", "c1").build(), T0.plusSeconds(1)); // held: the hourly cap is used
    guard.send(message("m1", "c1").build(), T0.plus(Duration.ofMinutes(20)));

    assertThat(guard.decisions())
        .extracting(
            ContactDecision::getMessageId, ContactDecision::getDecision, ContactDecision::getReason)
        .containsExactly(
            tuple("m0", Decision.APPROVED, null),
            tuple("m1", Decision.DELAYED, DropReason.CAP_EXCEEDED),
            tuple("m1", Decision.DROPPED, DropReason.DUPLICATE));
  }

  @Test
  void theDedupWindowIsConfigurable() {
    guard.close();
    guard = new GuardDriver(Map.of(GuardSetting.DEDUP_WINDOW.key(), "PT10M"));
    guard.policy(NO_LIMITS);
    guard.send(message("m1", "c1").build(), T0);
    guard.send(message("m1", "c1").build(), T0.plus(Duration.ofMinutes(11)));
    assertThat(guard.approvedMessages()).hasSize(2);
  }

  @Test
  void optOutsAreAbsoluteButRequiredCategoriesStillGoThrough() {
    guard.policy(ONE_PER_HOUR_DELAY);
    guard.preferences(
        """
        {"customerId":"c1","optOuts":[{"channel":"SMS"},{"category":"SECURITY"}]}""",
        T0);
    guard.send(message("sms", "c1").setChannel(Channel.SMS).build(), T0.plusSeconds(1));
    guard.send(message("security", "c1").setCategory("SECURITY").build(), T0.plusSeconds(2));

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("security");
    assertThat(guard.decisions())
        .extracting(ContactDecision::getMessageId, ContactDecision::getReason)
        .containsExactly(tuple("sms", DropReason.OPTED_OUT), tuple("security", null));
  }

  @Test
  void quietHoursInTheCustomersZoneHoldUntilTheyEnd() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DELAY","maxDelay":"P1D"}""");
    // 10:00 UTC is 05:00 in New York: inside the customer's 22:00-08:00 quiet hours.
    guard.preferences(
        """
        {"customerId":"c1","zone":"America/New_York","quietHours":[{"id":"night","start":"22:00","end":"08:00"}]}""",
        T0);
    guard.send(message("m1", "c1").build(), T0);

    ContactDecision d = guard.decisions().get(0);
    assertThat(d.getDecision()).isEqualTo(Decision.DELAYED);
    assertThat(d.getReason()).isEqualTo(DropReason.QUIET_HOURS);
    assertThat(d.getRuleId()).isEqualTo("customer/night");
    assertThat(d.getReleaseAt()).isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));

    guard.advanceWallClock(Duration.ofHours(3).plusSeconds(1));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1");
  }

  @Test
  void exemptCategoriesBypassCapsAndAreNotCounted() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"hourly","max":1,"window":"PT1H"}]}""");
    guard.send(message("otp", "c1").setCategory("TRANSACTIONAL").build(), T0);
    guard.send(message("promo", "c1").build(), T0.plusSeconds(1));
    guard.send(message("otp2", "c1").setCategory("TRANSACTIONAL").build(), T0.plusSeconds(2));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("otp", "promo", "otp2");
  }

  @Test
  void aCustomerCanTightenButNotLoosenAndTheStrictestRuleDecides() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":3,"window":"P1D"}]}""");
    guard.preferences(
        """
        {"customerId":"tight","caps":[{"id":"one-a-day","max":1,"window":"P1D"}]}""",
        T0);
    guard.preferences(
        """
        {"customerId":"loose","caps":[{"id":"lots","max":100,"window":"P1D"}]}""",
        T0);
    for (int i = 0; i < 4; i++) {
      guard.send(message("t" + i, "tight").build(), T0.plusSeconds(i));
      guard.send(message("l" + i, "loose").build(), T0.plusSeconds(i));
    }
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("t0", "l0", "l1", "l2");
    assertThat(guard.decisions())
        .filteredOn(d -> d.getDecision() == Decision.DROPPED)
        .extracting(ContactDecision::getCustomerId, ContactDecision::getRuleId)
        .containsExactly(
            tuple("tight", "customer/one-a-day"),
            tuple("tight", "customer/one-a-day"),
            tuple("tight", "customer/one-a-day"),
            tuple("loose", "default/daily"));
  }

  @Test
  void tenantPolicyAddsToThePlatformDefault() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":5,"window":"P1D"}]}""");
    guard.policy(
        """
        {"tenant":"acme","overflowAction":"DROP","caps":[{"id":"sms","max":1,"window":"P1D","channels":["SMS"]}]}""");
    guard.send(message("a1", "c1").setTenant("acme").setChannel(Channel.SMS).build(), T0);
    guard.send(
        message("a2", "c1").setTenant("acme").setChannel(Channel.SMS).build(), T0.plusSeconds(1));
    guard.send(
        message("o1", "c2").setTenant("other").setChannel(Channel.SMS).build(), T0.plusSeconds(2));
    guard.send(
        message("o2", "c2").setTenant("other").setChannel(Channel.SMS).build(), T0.plusSeconds(3));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("a1", "o1", "o2");
    assertThat(guard.decisions())
        .filteredOn(d -> d.getDecision() == Decision.DROPPED)
        .extracting(ContactDecision::getRuleId)
        .containsExactly("tenant:acme/sms");
  }

  @Test
  void aTombstoneErasesTheCustomerEverywhereAndDropsHeldMessagesAsErased() {
    guard.policy(ONE_PER_HOUR_DELAY);
    guard.preferences(
        """
        {"customerId":"c1","optOuts":[{"channel":"SMS"}]}""",
        T0);
    guard.send(message("m1", "c1").build(), T0);
    guard.send(
        message("m2", "c1")
            .setPayload(ByteBuffer.wrap("secret".getBytes(StandardCharsets.UTF_8)))
            .build(),
        T0.plusSeconds(1));
    guard.decisions();
    guard.approved.readRecordsToList();

    guard.erase("c1", T0.plusSeconds(2));

    ContactDecision erased = guard.decisions().get(0);
    assertThat(erased.getMessageId()).isEqualTo("m2");
    assertThat(erased.getDecision()).isEqualTo(Decision.DROPPED);
    assertThat(erased.getReason()).isEqualTo(DropReason.ERASED);
    assertThat(guard.suppressed())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getMessage().getPayload())
                    .as("erasure must not copy the payload")
                    .isNull());

    // The ledger is gone (no cap hit), the opt-out is gone, the seen ids went with the ledger (m1
    // is new again).
    guard.send(message("m1", "c1").setChannel(Channel.SMS).build(), T0.plusSeconds(3));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1");
    guard.advanceWallClock(Duration.ofHours(2));
    assertThat(guard.approved.isEmpty()).as("the erased held message never goes out").isTrue();
    assertStoresHoldNothingFor("c1", "m1");
  }

  private void assertStoresHoldNothingFor(String customerId, String exceptMessageId) {
    var held = guard.driver.<String, Object>getKeyValueStore(StoreNames.HELD);
    try (var it = held.all()) {
      assertThat(it.hasNext()).isFalse();
    }
    var prefs = guard.driver.<String, Object>getKeyValueStore(StoreNames.PREFERENCES);
    assertThat(prefs.get(customerId)).isNull();
    var ledger = guard.driver.<String, byte[]>getKeyValueStore(StoreNames.LEDGER);
    var ids =
        dev.fatigueguard.ledger.LedgerCodec.decodeCustomer(ledger.get(customerId)).recentIds();
    assertThat(ids.size()).as("only the id sent after the erasure is remembered").isEqualTo(1);
    assertThat(ids.id(0)).isEqualTo(exceptMessageId);
  }

  @Test
  void unreadableInputGoesToTheDlqWithTheReasonAndTheNextRecordIsProcessed() {
    guard.policy(ONE_PER_HOUR_DELAY);
    byte[] json = "{\"messageId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    guard.rawInput.pipeInput("k".getBytes(StandardCharsets.UTF_8), json, T0);
    byte[] unknownId = {0, 0, 0, 0x7f, 0x11, 1, 2, 3};
    guard.rawInput.pipeInput("k".getBytes(StandardCharsets.UTF_8), unknownId, T0);
    guard.send(message("good", "c1").build(), T0.plusSeconds(1));

    List<TestRecord<byte[], byte[]>> letters = guard.deadLetters();
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).value()).isEqualTo(json);
    assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k");
    assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON))
        .contains("magic byte");
    assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.TOPIC))
        .isEqualTo("outbound-messages");
    assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.OFFSET)).isEqualTo("0");
    assertThat(DeadLetters.header(letters.get(1).headers(), DeadLetters.REASON))
        .containsIgnoringCase("schema");
    assertThat(DeadLetters.header(letters.get(1).headers(), DeadLetters.OFFSET)).isEqualTo("1");
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("good");
  }

  @Test
  void aMessageWithoutCategoryIsRejectedToTheDlqAndReportedInvalid() {
    guard.send(message("m1", "c1").setCategory(" ").build(), T0);
    List<TestRecord<byte[], byte[]>> letters = guard.deadLetters();
    assertThat(letters)
        .singleElement()
        .satisfies(
            l ->
                assertThat(DeadLetters.header(l.headers(), DeadLetters.REASON))
                    .contains("category"));
    assertThat(guard.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getDecision()).isEqualTo(Decision.DROPPED);
              assertThat(d.getReason()).isEqualTo(DropReason.INVALID);
            });
    assertThat(guard.approved.isEmpty()).isTrue();
  }

  @Test
  void inputKeyedBySomethingElseIsRepartitionedByCustomer() {
    guard.policy(NO_LIMITS);
    OutboundMessage m = message("m1", "c1").build();
    byte[] bytes = guard.wire(m);
    guard.rawInput.pipeInput("campaign-7".getBytes(StandardCharsets.UTF_8), bytes, T0);
    guard.rawInput.pipeInput(null, guard.wire(message("m2", "c2").build()), T0);
    List<TestRecord<String, byte[]>> approved = guard.approved.readRecordsToList();
    assertThat(approved).extracting(TestRecord::key).containsExactly("c1", "c2");
    assertThat(approved.get(0).value()).isEqualTo(bytes);
  }

  @Test
  void withInputKeyedByCustomerARecordKeyedOtherwiseIsRefusedNotJudged() {
    guard.close();
    guard = new GuardDriver(Map.of(GuardSetting.INPUT_KEYED_BY_CUSTOMER.key(), "true"));
    guard.policy(NO_LIMITS);
    OutboundMessage keyed = message("m1", "c1").build();
    byte[] keyedBytes = guard.send(keyed, T0);
    guard.rawInput.pipeInput(
        "campaign-7".getBytes(StandardCharsets.UTF_8), guard.wire(message("m2", "c2").build()), T0);
    guard.rawInput.pipeInput(null, guard.wire(message("m3", "c3").build()), T0);

    List<TestRecord<String, byte[]>> approved = guard.approved.readRecordsToList();
    assertThat(approved).extracting(TestRecord::key).containsExactly("c1");
    assertThat(approved.get(0).value()).isEqualTo(keyedBytes);
    assertThat(guard.deadLetters())
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(DeadLetters.header(l.headers(), DeadLetters.REASON))
                    .contains("the record key is not the message's customerId")
                    .contains("guard.input.keyed-by-customer=true"));
    assertThat(guard.decisions())
        .filteredOn(d -> !d.getMessageId().equals("m1"))
        .extracting(ContactDecision::getMessageId, ContactDecision::getReason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("m2", DropReason.INVALID),
            org.assertj.core.groups.Tuple.tuple("m3", DropReason.INVALID));
  }

  @Test
  void anInvalidPolicyGoesToTheDlqAndTheLastValidOneStaysInForce() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":1,"window":"P1D"}]}""");
    var bad =
        ContactPolicy.newBuilder()
            .setTenant("default")
            .setCaps(
                List.of(
                    new CapRule(
                        "tiny", 5, "PT5S", List.of(), List.of(), List.of(), null, List.of(),
                        false)))
            .build();
    String topic = guard.config.topic(GuardSetting.TOPIC_POLICIES);
    guard.policiesInput.pipeInput(
        "default", guard.serdes.policy().serializer().serialize(topic, bad), T0);

    assertThat(guard.refusedPolicies)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(DeadLetters.header(l.headers(), DeadLetters.REASON))
                  .contains("caps[0].window");
              assertThat(DeadLetters.header(l.headers(), DeadLetters.STAGE))
                  .isEqualTo("validate-policy");
              assertThat(DeadLetters.header(l.headers(), DeadLetters.TOPIC))
                  .isEqualTo("contact-policies");
              assertThat(new String(l.key(), StandardCharsets.UTF_8)).isEqualTo("default");
            });
    guard.send(message("m1", "c1").build(), T0);
    guard.send(message("m2", "c1").build(), T0.plusSeconds(1));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1");
  }

  @Test
  void aReplacedOrDeletedPolicyGovernsTheVeryNextMessage() {
    // The guard keeps policies in memory between messages; a change to the table must still count
    // at once.
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":1,"window":"P1D"}]}""");
    guard.policy(
        """
        {"tenant":"acme","overflowAction":"DROP","caps":[{"id":"acme-hourly","max":1,"window":"PT1H"}]}""");
    guard.send(message("m1", "c1").build(), T0);
    guard.send(message("m2", "c1").build(), T0.plusSeconds(1)); // daily cap full
    guard.policy(NO_LIMITS);
    guard.send(message("m3", "c1").build(), T0.plusSeconds(2)); // no cap any more
    guard.send(message("a1", "c2").setTenant("acme").build(), T0.plusSeconds(3));
    guard.send(
        message("a2", "c2").setTenant("acme").build(), T0.plusSeconds(4)); // acme's hourly cap full
    guard.policiesInput.pipeInput("acme", null, T0.plusSeconds(5)); // acme's policy deleted
    guard.send(message("a3", "c2").setTenant("acme").build(), T0.plusSeconds(6));

    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1", "m3", "a1", "a3");
  }

  @Test
  void invalidPreferencesGoToTheDlqAndTheLastValidOnesStayInForce() {
    guard.policy(NO_LIMITS);
    guard.preferences(
        """
        {"customerId":"c1","optOuts":[{"channel":"EMAIL"}]}""",
        T0);
    var bad =
        ContactPreferences.newBuilder()
            .setCustomerId("c1")
            .setTimeZone("Mars/Olympus_Mons")
            .build();
    guard.preferencesAvro(bad, T0);
    assertThat(guard.deadLetters())
        .singleElement()
        .satisfies(
            l ->
                assertThat(DeadLetters.header(l.headers(), DeadLetters.REASON))
                    .contains("timeZone"));
    guard.send(message("m1", "c1").build(), T0.plusSeconds(1));
    assertThat(guard.decisions())
        .extracting(ContactDecision::getReason)
        .containsExactly(DropReason.OPTED_OUT);
  }

  @Test
  void liftingASnoozeReleasesHeldMessagesAtTheNextRound() {
    guard.policy(ONE_PER_HOUR_DELAY);
    guard.preferences(
        """
        {"customerId":"c1","snoozeUntil":"2026-03-02T22:00:00Z"}""",
        T0);
    guard.send(message("m1", "c1").build(), T0.plusSeconds(1));
    assertThat(guard.decisions())
        .extracting(
            ContactDecision::getDecision, ContactDecision::getReason, ContactDecision::getReleaseAt)
        .containsExactly(
            tuple(Decision.DELAYED, DropReason.SNOOZED, Instant.parse("2026-03-02T22:00:00Z")));

    guard.preferences(
        """
        {"customerId":"c1"}""",
        T0.plusSeconds(2));
    guard.advanceWallClock(Duration.ofSeconds(5));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m1");
  }

  @Test
  void approvedMessagesAlsoGoToTheirChannelTopicWhenEnabled() {
    guard.close();
    guard = new GuardDriver(Map.of(GuardSetting.APPROVED_PER_CHANNEL.key(), "true"));
    guard.policy(NO_LIMITS);
    var sms =
        guard.driver.createOutputTopic(
            "outbound-messages-approved.SMS",
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    guard.send(message("m1", "c1").setChannel(Channel.SMS).build(), T0);
    guard.send(message("m2", "c1").setChannel(Channel.EMAIL).build(), T0);
    assertThat(sms.readKeyValuesToList()).hasSize(1);
    assertThat(guard.approvedMessages()).hasSize(2);
  }

  @Test
  void corruptStateOfOneCustomerSendsTheirMessageToTheDlqAndOthersCarryOn() {
    guard.policy(NO_LIMITS);
    guard
        .driver
        .<String, byte[]>getKeyValueStore(StoreNames.LEDGER)
        .put("broken", new byte[] {99, 1, 2});
    byte[] sent = guard.send(message("m1", "broken").build(), T0);
    guard.send(message("m2", "fine").build(), T0.plusSeconds(1));

    assertThat(guard.deadLetters())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.value()).isEqualTo(sent);
              assertThat(DeadLetters.header(l.headers(), DeadLetters.STAGE)).isEqualTo("guard");
              assertThat(DeadLetters.header(l.headers(), DeadLetters.REASON))
                  .contains("internal error");
            });
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("m2");
  }

  @Test
  void messagesWaitForTheFirstPolicyAndAreThenJudgedByIt() {
    guard.send(message("early-1", "c1").build(), T0);
    guard.send(message("early-2", "c1").build(), T0.plusSeconds(1));
    assertThat(guard.approved.isEmpty()).isTrue();
    assertThat(guard.decisions())
        .extracting(ContactDecision::getDecision, ContactDecision::getRuleId)
        .containsOnly(tuple(Decision.DELAYED, "guard/awaiting-policy"));
    guard.advanceWallClock(Duration.ofSeconds(5));
    assertThat(guard.approved.isEmpty()).as("still no policy: still held, silently").isTrue();
    assertThat(guard.decisions()).isEmpty();

    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"hourly","max":1,"window":"PT1H"}]}""");
    guard.advanceWallClock(Duration.ofSeconds(2));
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("early-1");
    assertThat(guard.decisions())
        .extracting(ContactDecision::getMessageId, ContactDecision::getDecision)
        .containsExactlyInAnyOrder(
            tuple("early-1", Decision.RELEASED), tuple("early-2", Decision.DROPPED));
  }

  @Test
  void withoutRequirePolicyMessagesAreJudgedByPreferencesAloneAndStillCountLater() {
    guard.close();
    guard = new GuardDriver(Map.of(GuardSetting.REQUIRE_POLICY.key(), "false"));
    guard.send(message("early-1", "c1").build(), T0);
    guard.send(message("early-2", "c1").build(), T0.plusSeconds(1));
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"hourly","max":3,"window":"PT1H"}]}""");
    guard.send(message("m3", "c1").build(), T0.plusSeconds(2));
    guard.send(message("m4", "c1").build(), T0.plusSeconds(3));
    // The contacts approved before any policy existed are remembered and counted by the policy that
    // came.
    assertThat(guard.approvedMessages())
        .extracting(OutboundMessage::getMessageId)
        .containsExactly("early-1", "early-2", "m3");
  }
}
