package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.decision.Decider;
import dev.fatigueguard.decision.HeldOrder;
import dev.fatigueguard.decision.MessageFacts;
import dev.fatigueguard.decision.Outcome;
import dev.fatigueguard.decision.Verdict;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.ledger.CustomerLedger;
import dev.fatigueguard.ledger.RecentMessageIds;
import dev.fatigueguard.policy.EffectiveRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's shell around the core: loads a customer's state, asks the {@link Decider}, stores
 * what changed and forwards the outcome. Live messages are judged at their record timestamp; held
 * messages are re-judged by wall-clock punctuation, so they go out even when no new input arrives.
 */
final class MessageGuardProcessor implements Processor<String, Routed, String, Routed> {

  static final String STAGE = "guard";

  /** The rule id of messages held because no policy is loaded yet. */
  static final String AWAITING_POLICY = "guard/awaiting-policy";

  private static final Logger LOG = LoggerFactory.getLogger(MessageGuardProcessor.class);
  private static final Comparator<Candidate> RELEASE_ORDER =
      Comparator.comparing(Candidate::facts, HeldOrder.INSTANCE);

  /** A held message decoded for a release round, with the sender's bytes. */
  private record Candidate(
      HeldMessage held, byte[] wire, OutboundMessage message, MessageFacts facts) {}

  private final Deserializer<OutboundMessage> messageDeserializer;
  private final Deserializer<ContactPolicy> policyDeserializer;
  private final PolicyTableChanges policyChanges;
  private final String inputTopic;
  private final String policiesTopic;
  private final long dedupWindowMillis;
  private final Duration releaseInterval;
  private final int releaseBatch;
  private final boolean requirePolicy;
  private final TaskCustomerStores taskStores;

  private ProcessorContext<String, Routed> context;
  private CustomerStores stores;
  private RulesSource rules;

  MessageGuardProcessor(
      Deserializer<OutboundMessage> messageDeserializer,
      Deserializer<ContactPolicy> policyDeserializer,
      PolicyTableChanges policyChanges,
      String inputTopic,
      String policiesTopic,
      Duration dedupWindow,
      Duration releaseInterval,
      int releaseBatch,
      boolean requirePolicy,
      TaskCustomerStores taskStores) {
    this.messageDeserializer = messageDeserializer;
    this.policyDeserializer = policyDeserializer;
    this.policyChanges = policyChanges;
    this.inputTopic = inputTopic;
    this.policiesTopic = policiesTopic;
    this.dedupWindowMillis = dedupWindow.toMillis();
    this.releaseInterval = releaseInterval;
    this.releaseBatch = releaseBatch;
    this.requirePolicy = requirePolicy;
    this.taskStores = taskStores;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.stores = taskStores.open(context);
    this.rules =
        new RulesSource(
            context.getStateStore(StoreNames.POLICIES),
            policyDeserializer,
            policiesTopic,
            policyChanges);
    rules.refreshLedgerHorizon();
    context.schedule(releaseInterval, PunctuationType.WALL_CLOCK_TIME, this::releaseDue);
  }

  @Override
  public void process(Record<String, Routed> record) {
    Routed.Inbound inbound = (Routed.Inbound) record.value();
    try {
      judge(record, inbound);
    } catch (KafkaException e) {
      // fencing, migration, registry outages: Kafka Streams must handle these, not the DLQ
      stores.forget(record.key());
      throw e;
    } catch (RuntimeException e) {
      // The customer's ledger may have been changed in memory and not saved.
      stores.forget(inbound.message().getCustomerId());
      // A bug or corrupt state for one customer must not stop every customer behind it (invariant
      // 4):
      // the message goes to the DLQ with the reason, where it can be replayed once fixed.
      LOG.error(
          "cannot judge message {} of customer {}; sent to the DLQ",
          inbound.message().getMessageId(),
          record.key(),
          e);
      byte[] key =
          record.key() == null
              ? null
              : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      DeadLetters.forward(
          context,
          record,
          key,
          inbound.wireValue(),
          STAGE,
          "internal error while judging the message: " + e,
          e);
    }
  }

  private void judge(Record<String, Routed> record, Routed.Inbound inbound) {
    OutboundMessage m = inbound.message();
    String customerId = m.getCustomerId();
    long now = record.timestamp();

    // One read gives both the contacts the caps count and the ids the dedup check looks at.
    CustomerLedger customer = stores.ledger(customerId);
    RecentMessageIds recentIds = customer.recentIds();
    // Held messages keep their id however old, so a resend of a message held for days is still
    // caught.
    if (recentIds.seenAfter(m.getMessageId(), now - dedupWindowMillis)) {
      ContactDecision d =
          DecisionEvents.dropped(
              m, DropReason.DUPLICATE, "messageId already seen within the dedup window", now, null);
      emitDropped(m, d, now);
      return;
    }
    recentIds.forgetUpTo(now - dedupWindowMillis);
    recentIds.add(m.getMessageId(), now);

    if (awaitingPolicy()) {
      // Judging without the platform's rules would approve what they forbid; wait for them instead.
      recentIds.setHeld(m.getMessageId(), true);
      stores.saveLedger(customerId, customer);
      long releaseAt = context.currentSystemTimeMs() + releaseInterval.toMillis();
      stores.hold(heldMessage(m, inbound.wireValue(), now, releaseAt, null, AWAITING_POLICY));
      emit(
          customerId,
          new Routed.Decided(
              customerId, DecisionEvents.awaitingPolicy(m, AWAITING_POLICY, now, releaseAt)),
          now);
      return;
    }

    EffectiveRules effective = rules.rulesFor(m.getTenant(), stores.preferences(customerId));
    ContactLedger ledger = customer.contacts();
    prune(ledger, effective, rules, now);
    MessageFacts facts = ModelMapping.facts(m);
    Verdict verdict = Decider.decide(facts, effective, ledger, now, Decider.LIVE);
    if (verdict.approved() && verdict.counts()) {
      ledger.record(now, facts.channel(), facts.category(), facts.tags());
    } else if (verdict.outcome() == Outcome.HOLD) {
      recentIds.setHeld(m.getMessageId(), true);
    }
    // Written for every message that is not a duplicate: its id is new in the ledger.
    stores.saveLedger(customerId, customer);

    switch (verdict.outcome()) {
      case APPROVE ->
          emitApproved(
              m,
              inbound.wireValue(),
              record.headers(),
              now,
              DecisionEvents.of(m, verdict, Decision.APPROVED, now, null));
      case HOLD -> {
        stores.hold(
            heldMessage(
                m,
                inbound.wireValue(),
                now,
                verdict.releaseAtMillis(),
                DropReason.valueOf(verdict.reason().name()),
                verdict.ruleId()));
        emit(
            customerId,
            new Routed.Decided(
                customerId, DecisionEvents.of(m, verdict, Decision.DELAYED, now, now)),
            now);
      }
      case DROP -> emitDropped(m, DecisionEvents.of(m, verdict, Decision.DROPPED, now, null), now);
    }
  }

  private boolean awaitingPolicy() {
    return requirePolicy && !rules.anyPolicyLoaded();
  }

  private static HeldMessage heldMessage(
      OutboundMessage m,
      byte[] wire,
      long heldSince,
      long releaseAt,
      DropReason reason,
      String ruleId) {
    return HeldMessage.newBuilder()
        .setMessageId(m.getMessageId())
        .setCustomerId(m.getCustomerId())
        .setPriority(m.getPriority())
        .setCreatedAt(m.getCreatedAt())
        .setHeldSince(Instant.ofEpochMilli(heldSince))
        .setReleaseAt(Instant.ofEpochMilli(releaseAt))
        .setExpiresAt(m.getExpiresAt())
        .setReason(reason)
        .setRuleId(ruleId)
        .setChecks(1)
        .setWireValue(java.nio.ByteBuffer.wrap(wire))
        .build();
  }

  /** Wall-clock punctuation: re-judges held messages whose release time has come. */
  private void releaseDue(long wallClockNow) {
    rules.refreshLedgerHorizon();
    Set<String> customers = stores.customersDue(wallClockNow, releaseBatch);
    for (String customerId : customers) {
      releaseForCustomer(customerId, wallClockNow);
    }
  }

  /**
   * All of a customer's due held messages compete for the freed room together, in {@link HeldOrder}
   * (priority first, then oldest), against one ledger that each release updates.
   */
  void releaseForCustomer(String customerId, long now) {
    try {
      releaseDueOf(customerId, now);
    } catch (RuntimeException e) {
      // The customer's ledger may have been changed in memory and not saved.
      stores.forget(customerId);
      throw e;
    }
  }

  private void releaseDueOf(String customerId, long now) {
    List<Candidate> due = new ArrayList<>();
    for (HeldMessage h : stores.heldFor(customerId)) {
      if (h.getReleaseAt().toEpochMilli() <= now) {
        byte[] wire = CustomerStores.wireValue(h);
        OutboundMessage m = messageDeserializer.deserialize(inputTopic, wire);
        due.add(new Candidate(h, wire, m, ModelMapping.facts(m)));
      }
    }
    if (due.isEmpty()) {
      return;
    }
    if (awaitingPolicy()) {
      for (Candidate c : due) {
        stores.reschedule(c.held(), now + releaseInterval.toMillis());
      }
      return;
    }
    due.sort(RELEASE_ORDER);
    EffectiveRules effective =
        rules.rulesFor(due.get(0).message().getTenant(), stores.preferences(customerId));
    CustomerLedger customer = stores.ledger(customerId);
    ContactLedger ledger = customer.contacts();
    prune(ledger, effective, rules, now);
    for (Candidate c : due) {
      HeldMessage h = c.held();
      long heldSince = h.getHeldSince().toEpochMilli();
      EffectiveRules forMessage =
          sameTenant(c, due.get(0))
              ? effective
              : rules.rulesFor(c.message().getTenant(), stores.preferences(customerId));
      Verdict verdict = Decider.decide(c.facts(), forMessage, ledger, now, heldSince);
      switch (verdict.outcome()) {
        case APPROVE -> {
          stores.unhold(h);
          customer.recentIds().setHeld(h.getMessageId(), false);
          if (verdict.counts()) {
            ledger.record(now, c.facts().channel(), c.facts().category(), c.facts().tags());
          }
          emitApproved(
              c.message(),
              c.wire(),
              new RecordHeaders(),
              now,
              DecisionEvents.of(c.message(), verdict, Decision.RELEASED, now, heldSince));
        }
        case HOLD -> {
          h.setChecks(h.getChecks() + 1);
          h.setReason(DropReason.valueOf(verdict.reason().name()));
          h.setRuleId(verdict.ruleId());
          stores.reschedule(h, verdict.releaseAtMillis());
          emit(
              customerId,
              new Routed.Decided(
                  customerId,
                  DecisionEvents.of(c.message(), verdict, Decision.DELAYED, now, heldSince)),
              now);
        }
        case DROP -> {
          stores.unhold(h);
          customer.recentIds().setHeld(h.getMessageId(), false);
          emitDropped(
              c.message(),
              DecisionEvents.of(c.message(), verdict, Decision.DROPPED, now, heldSince),
              now);
        }
      }
    }
    stores.saveLedger(customerId, customer);
  }

  private static boolean sameTenant(Candidate a, Candidate b) {
    return java.util.Objects.equals(a.message().getTenant(), b.message().getTenant());
  }

  /**
   * Forgets contacts no rule can count any more: older than the longest window of every policy and
   * of the customer's own caps.
   */
  private static void prune(
      ContactLedger ledger, EffectiveRules effective, RulesSource rules, long now) {
    Duration horizon = rules.ledgerHorizon();
    if (effective.longestWindow().compareTo(horizon) > 0) {
      horizon = effective.longestWindow();
    }
    ledger.pruneBefore(now - horizon.toMillis());
  }

  private void emitApproved(
      OutboundMessage m, byte[] wire, Headers headers, long now, ContactDecision decision) {
    String customerId = m.getCustomerId();
    context.forward(
        new Record<String, Routed>(
            customerId,
            new Routed.Approved(customerId, m.getChannel().name(), wire),
            now,
            headers));
    emit(customerId, new Routed.Decided(customerId, decision), now);
  }

  private void emitDropped(OutboundMessage m, ContactDecision decision, long now) {
    emit(m.getCustomerId(), new Routed.Decided(m.getCustomerId(), decision), now);
    emit(m.getCustomerId(), DecisionEvents.suppressed(m, decision), now);
  }

  private void emit(String customerId, Routed value, long timestamp) {
    context.forward(new Record<>(customerId, value, timestamp));
  }

  @Override
  public void close() {
    taskStores.close(context, stores);
    LOG.debug("guard processor closed for task {}", context == null ? "?" : context.taskId());
  }
}
