package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.avro.WindowCount;
import dev.fatigueguard.decision.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the core's verdicts into audit-log events. Every event carries the deciding rule and the
 * window counts it saw, so "why was this message held back?" is answered from the log alone.
 */
final class DecisionEvents {

  private DecisionEvents() {}

  static ContactDecision of(
      OutboundMessage m, Verdict v, Decision decision, long decidedAt, Long heldSince) {
    List<WindowCount> counts = new ArrayList<>(v.windowCounts().size());
    for (dev.fatigueguard.decision.CapUsage c : v.windowCounts()) {
      // A calendar cap's span is its period (DAY, WEEK, MONTH) in the same field.
      counts.add(new WindowCount(c.ruleId(), c.used(), c.max(), c.span()));
    }
    boolean held = decision == Decision.DELAYED;
    return event(
        m,
        decision,
        decidedAt,
        v.reason() == null ? null : DropReason.valueOf(v.reason().name()),
        v.ruleId(),
        v.detail(),
        counts,
        held ? Instant.ofEpochMilli(v.releaseAtMillis()) : null,
        heldSince);
  }

  /** A decision the topology makes itself, without the rules: DUPLICATE, ERASED, INVALID. */
  static ContactDecision dropped(
      OutboundMessage m, DropReason reason, String detail, long decidedAt, Long heldSince) {
    return event(
        m, Decision.DROPPED, decidedAt, reason, null, detail, new ArrayList<>(0), null, heldSince);
  }

  /** Held before any rule was applied, because no policy is loaded yet. */
  static ContactDecision awaitingPolicy(
      OutboundMessage m, String ruleId, long decidedAt, long releaseAt) {
    return event(
        m,
        Decision.DELAYED,
        decidedAt,
        null,
        ruleId,
        "no contact policy is loaded yet; held until one is",
        new ArrayList<>(0),
        Instant.ofEpochMilli(releaseAt),
        decidedAt);
  }

  static Routed.Decided invalid(OutboundMessage m, String problem, long decidedAt) {
    return new Routed.Decided(
        m.getCustomerId(), dropped(m, DropReason.INVALID, problem, decidedAt, null));
  }

  static Routed.Suppressed suppressed(OutboundMessage m, ContactDecision d) {
    return new Routed.Suppressed(m.getCustomerId(), new SuppressedMessage(m, d));
  }

  /**
   * The event, made with the all-fields constructor: one is made per judged message, and the
   * builder would check every field against the schema and copy the defaults of those not set.
   */
  private static ContactDecision event(
      OutboundMessage m,
      Decision decision,
      long decidedAt,
      DropReason reason,
      String ruleId,
      String detail,
      List<WindowCount> windowCounts,
      Instant releaseAt,
      Long heldSince) {
    return new ContactDecision(
        m.getMessageId(),
        m.getCustomerId(),
        m.getTenant(),
        m.getChannel(),
        m.getCategory() == null ? "" : m.getCategory(),
        m.getCampaignId(),
        decision,
        reason,
        ruleId,
        detail,
        windowCounts,
        Instant.ofEpochMilli(decidedAt),
        releaseAt,
        heldSince == null ? null : Instant.ofEpochMilli(heldSince),
        m.getCreatedAt(),
        m.getPriority());
  }
}
