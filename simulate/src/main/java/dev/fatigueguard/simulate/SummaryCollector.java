package dev.fatigueguard.simulate;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds a {@link Summary} while the decisions stream by, so a replay of millions of messages never
 * holds its decisions in memory: only counters per customer, channel, reason and rule.
 */
public final class SummaryCollector implements Consumer<ContactDecision> {

  private final History history;
  private final Map<String, int[]> perCustomer = new HashMap<>(); // {before, after}
  private final Map<String, long[]> byReason = new TreeMap<>();
  private final Map<String, long[]> byChannel = new TreeMap<>();
  private final Map<String, Set<String>> ruleCustomers = new TreeMap<>();
  private long[] delays = new long[1024];
  private int delayCount;
  private long approved;
  private long delayed;
  private long released;
  private long dropped;

  public SummaryCollector(History history) {
    this.history = history;
    for (OutboundMessage m : history.messages()) {
      perCustomer.computeIfAbsent(m.getCustomerId(), c -> new int[2])[0]++;
      channel(m.getChannel().name())[Summary.CHANNEL_INPUT]++;
    }
    if (!history.invalid().isEmpty()) {
      reason(DropReason.INVALID.name())[Summary.REASON_DROPPED] += history.invalid().size();
    }
  }

  @Override
  public void accept(ContactDecision d) {
    String channel = d.getChannel().name();
    switch (d.getDecision()) {
      case APPROVED -> {
        approved++;
        delivered(d);
        channel(channel)[Summary.CHANNEL_APPROVED]++;
      }
      case RELEASED -> {
        released++;
        delivered(d);
        channel(channel)[Summary.CHANNEL_RELEASED]++;
        if (delayCount == delays.length) {
          delays = java.util.Arrays.copyOf(delays, delays.length * 2);
        }
        delays[delayCount++] =
            d.getDecidedAt().toEpochMilli() - d.getMessageCreatedAt().toEpochMilli();
      }
      case DELAYED -> {
        // A held message re-checked and still held is DELAYED again; only its first hold counts.
        if (d.getHeldSince() != null && d.getHeldSince().equals(d.getDecidedAt())) {
          delayed++;
          channel(channel)[Summary.CHANNEL_DELAYED]++;
          reason(reasonOf(d))[Summary.REASON_DELAYED]++;
        }
        ruleHit(d);
      }
      case DROPPED -> {
        dropped++;
        channel(channel)[Summary.CHANNEL_DROPPED]++;
        reason(reasonOf(d))[Summary.REASON_DROPPED]++;
        ruleHit(d);
      }
      default -> {
        // UNKNOWN exists only for readers of future schemas; this writer never emits it.
      }
    }
  }

  public Summary finish(long heldAtEnd) {
    long[] before = new long[perCustomer.size()];
    long[] after = new long[perCustomer.size()];
    int i = 0;
    for (int[] counts : perCustomer.values()) {
      before[i] = counts[0];
      after[i] = counts[1];
      i++;
    }
    Map<String, Integer> ruleHits = new TreeMap<>();
    ruleCustomers.forEach((rule, customers) -> ruleHits.put(rule, customers.size()));
    int invalid = history.invalid().size();
    return new Summary(
        history.messages().size() + invalid,
        invalid,
        history.messages().size(),
        approved,
        delayed,
        released,
        dropped + invalid,
        heldAtEnd,
        byReason,
        byChannel,
        Distribution.of(before, before.length),
        Distribution.of(after, after.length),
        ruleHits,
        Distribution.of(delays, delayCount));
  }

  private void delivered(ContactDecision d) {
    perCustomer.computeIfAbsent(d.getCustomerId(), c -> new int[2])[1]++;
  }

  private void ruleHit(ContactDecision d) {
    if (d.getRuleId() != null) {
      ruleCustomers.computeIfAbsent(d.getRuleId(), r -> new HashSet<>()).add(d.getCustomerId());
    }
  }

  private static String reasonOf(ContactDecision d) {
    return d.getReason() == null ? "NONE" : d.getReason().name();
  }

  private long[] reason(String reason) {
    return byReason.computeIfAbsent(reason, r -> new long[2]);
  }

  private long[] channel(String channel) {
    return byChannel.computeIfAbsent(channel, c -> new long[5]);
  }
}
