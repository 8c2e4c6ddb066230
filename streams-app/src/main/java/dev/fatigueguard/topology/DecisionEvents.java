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
    return base(m, decision, decidedAt)
        .setReason(v.reason() == null ? null : DropReason.valueOf(v.reason().name()))
        .setRuleId(v.ruleId())
        .setDetail(v.detail())
        .setWindowCounts(counts)
        .setReleaseAt(held ? Instant.ofEpochMilli(v.releaseAtMillis()) : null)
        .setHeldSince(heldSince == null ? null : Instant.ofEpochMilli(heldSince))
        .build();
  }

  /** A decision the topology makes itself, without the rules: DUPLICATE, ERASED, INVALID. */
  static ContactDecision dropped(
      OutboundMessage m, DropReason reason, String detail, long decidedAt, Long heldSince) {
    return base(m, Decision.DROPPED, decidedAt)
        .setReason(reason)
        .setDetail(detail)
        .setHeldSince(heldSince == null ? null : Instant.ofEpochMilli(heldSince))
        .build();
  }

  /** Held before any rule was applied, because no policy is loaded yet. */
  static ContactDecision awaitingPolicy(
      OutboundMessage m, String ruleId, long decidedAt, long releaseAt) {
    return base(m, Decision.DELAYED, decidedAt)
        .setRuleId(ruleId)
        .setDetail("no contact policy is loaded yet; held until one is")
        .setReleaseAt(Instant.ofEpochMilli(releaseAt))
        .setHeldSince(Instant.ofEpochMilli(decidedAt))
        .build();
  }

  static Routed.Decided invalid(OutboundMessage m, String problem, long decidedAt) {
    return new Routed.Decided(
        m.getCustomerId(), dropped(m, DropReason.INVALID, problem, decidedAt, null));
  }

  static Routed.Suppressed suppressed(OutboundMessage m, ContactDecision d) {
    return new Routed.Suppressed(m.getCustomerId(), new SuppressedMessage(m, d));
  }

  private static ContactDecision.Builder base(
      OutboundMessage m, Decision decision, long decidedAt) {
    return ContactDecision.newBuilder()
        .setMessageId(m.getMessageId())
        .setCustomerId(m.getCustomerId())
        .setTenant(m.getTenant())
        .setChannel(m.getChannel())
        .setCategory(m.getCategory() == null ? "" : m.getCategory())
        .setCampaignId(m.getCampaignId())
        .setDecision(decision)
        .setDecidedAt(Instant.ofEpochMilli(decidedAt))
        .setMessageCreatedAt(m.getCreatedAt())
        .setPriority(m.getPriority());
  }
}
