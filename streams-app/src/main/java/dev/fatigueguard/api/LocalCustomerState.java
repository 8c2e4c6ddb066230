package dev.fatigueguard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.decision.Budget;
import dev.fatigueguard.decision.HoldExplanation;
import dev.fatigueguard.ledger.Contact;
import dev.fatigueguard.ledger.ContactLedger;
import dev.fatigueguard.ledger.LedgerCodec;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.DurationText;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.OptOutRule;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.policy.QuietPeriod;
import dev.fatigueguard.policy.SendWindow;
import dev.fatigueguard.topology.CustomerStores;
import dev.fatigueguard.topology.ModelMapping;
import dev.fatigueguard.topology.RulesSource;
import dev.fatigueguard.topology.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One customer's state as this instance's active task for the customer's partition holds it,
 * rendered as the API's JSON. The rules come from the same {@link RulesSource} and the budget from
 * the same core {@link Budget#of} the guard uses, so the API cannot disagree with the guard's
 * decisions.
 *
 * <p>Stores are queried for the one partition (active replicas only); if that task is not active
 * here any more, Kafka Streams throws and the caller answers 503.
 */
final class LocalCustomerState {

  private final ObjectMapper json;
  private final Deserializer<ContactPolicy> policyDeserializer;
  private final Deserializer<OutboundMessage> messageDeserializer;
  private final String policiesTopic;
  private final String inputTopic;
  private KafkaStreams rulesFor;
  private RulesSource rules;

  LocalCustomerState(
      ObjectMapper json,
      Deserializer<ContactPolicy> policyDeserializer,
      Deserializer<OutboundMessage> messageDeserializer,
      String policiesTopic,
      String inputTopic) {
    this.json = json;
    this.policyDeserializer = policyDeserializer;
    this.messageDeserializer = messageDeserializer;
    this.policiesTopic = policiesTopic;
    this.inputTopic = inputTopic;
  }

  /** The budget view (see the OpenAPI document for the fields). */
  String budget(
      KafkaStreams streams,
      int partition,
      String customerId,
      String tenant,
      String channel,
      String category,
      Set<String> tags,
      String campaignId,
      long now,
      String servedBy) {
    ContactPreferences prefs =
        this.<ContactPreferences>store(streams, StoreNames.PREFERENCES, partition).get(customerId);
    byte[] ledgerBytes = this.<byte[]>store(streams, StoreNames.LEDGER, partition).get(customerId);
    ContactLedger ledger =
        ledgerBytes == null ? new ContactLedger() : LedgerCodec.decode(ledgerBytes);
    EffectiveRules effective = rules(streams, tenant, prefs);
    Budget budget = Budget.of(effective, ledger, channel, category, tags, campaignId, now);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customerId", customerId);
    out.put("tenant", tenant);
    out.put("channel", channel);
    out.put("category", category);
    out.put("tags", tags.stream().sorted().toList());
    out.put("campaignId", campaignId);
    out.put("at", Instant.ofEpochMilli(now).toString());
    out.put("allowedNow", budget.allowedNow());
    out.put(
        "nextEligibleAt",
        budget.nextEligibleAtMillis() == Budget.NEVER
            ? null
            : Instant.ofEpochMilli(budget.nextEligibleAtMillis()).toString());
    out.put("neverEligible", budget.nextEligibleAtMillis() == Budget.NEVER);
    out.put("exempt", budget.exempt());
    out.put("optedOut", budget.optedOut());
    List<Map<String, Object>> optOuts = new ArrayList<>();
    for (OptOutRule o : effective.optOuts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channel", o.channel());
      m.put("category", o.category());
      optOuts.add(m);
    }
    out.put("optOuts", optOuts);
    out.put("snoozed", budget.snoozed());
    out.put(
        "snoozeUntil", effective.snoozeUntil() == null ? null : effective.snoozeUntil().toString());
    Map<String, Object> quiet = new LinkedHashMap<>();
    quiet.put("active", budget.quietHoursActive());
    quiet.put("ruleId", budget.activeQuietHours());
    quiet.put("zone", effective.zone().getId());
    List<String> quietRules = new ArrayList<>();
    for (QuietPeriod q : effective.quietHours()) {
      if (q.scope().matches(channel, category, tags, campaignId)) {
        quietRules.add(
            q.id() + " " + q.start() + "-" + q.end() + (q.days().isEmpty() ? "" : " " + q.days()));
      }
    }
    quiet.put("rules", quietRules);
    out.put("quietHours", quiet);
    Map<String, Object> windows = new LinkedHashMap<>();
    windows.put("outside", budget.outsideSendWindow());
    windows.put("nextRuleId", budget.closedSendWindow());
    windows.put(
        "opensAt",
        budget.outsideSendWindow()
            ? Instant.ofEpochMilli(budget.sendWindowOpensAtMillis()).toString()
            : null);
    List<String> windowRules = new ArrayList<>();
    for (SendWindow w : effective.sendWindows()) {
      if (w.scope().matches(channel, category, tags, campaignId)) {
        windowRules.add(w.id() + " " + w.hours());
      }
    }
    windows.put("rules", windowRules);
    out.put("sendWindows", windows);
    List<Map<String, Object>> caps = new ArrayList<>();
    for (Budget.CapBudget c : budget.caps()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ruleId", c.ruleId());
      m.put("used", c.used());
      m.put("max", c.max());
      m.put("remaining", c.remaining());
      if (c.period() != null) {
        m.put("period", c.period().name());
      } else {
        m.put("window", DurationText.format(c.window()));
      }
      m.put(
          "oldestLeavesAt",
          c.oldestLeavesAtMillis() < 0
              ? null
              : Instant.ofEpochMilli(c.oldestLeavesAtMillis()).toString());
      caps.add(m);
    }
    out.put("caps", caps);
    out.put("servedBy", servedBy);
    return write(out);
  }

  /**
   * The order of the held list: by release time as an instant (ISO text would put "…:00.500Z"
   * before "…:00Z"), then by message id so that equal times always list the same way.
   */
  static final Comparator<HeldMessage> BY_RELEASE_TIME =
      Comparator.comparing(HeldMessage::getReleaseAt).thenComparing(HeldMessage::getMessageId);

  /** The customer's held messages, without payloads, in release order. */
  String held(KafkaStreams streams, int partition, String customerId, String servedBy) {
    ReadOnlyKeyValueStore<String, HeldMessage> held = store(streams, StoreNames.HELD, partition);
    ContactPreferences prefs =
        this.<ContactPreferences>store(streams, StoreNames.PREFERENCES, partition).get(customerId);
    List<HeldMessage> all = new ArrayList<>();
    try (KeyValueIterator<String, HeldMessage> it =
        held.prefixScan(customerId + StoreNames.KEY_SEPARATOR, new StringSerializer())) {
      it.forEachRemaining(kv -> all.add(kv.value));
    }
    all.sort(BY_RELEASE_TIME);
    List<Map<String, Object>> messages = new ArrayList<>();
    for (HeldMessage h : all) {
      OutboundMessage m = messageDeserializer.deserialize(inputTopic, CustomerStores.wireValue(h));
      // The same deadline the decider applies: min(expiresAt, heldSince + the policy's maxDelay).
      long dropAt =
          h.getHeldSince().toEpochMilli() + rules(streams, m.getTenant(), prefs).maxDelayMillis();
      if (h.getExpiresAt() != null) {
        dropAt = Math.min(dropAt, h.getExpiresAt().toEpochMilli());
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("messageId", h.getMessageId());
      e.put("tenant", m.getTenant());
      e.put("channel", m.getChannel().name());
      e.put("category", m.getCategory());
      e.put("campaignId", m.getCampaignId());
      e.put("priority", h.getPriority());
      e.put("createdAt", h.getCreatedAt().toString());
      e.put("heldSince", h.getHeldSince().toString());
      e.put("releaseAt", h.getReleaseAt().toString());
      e.put("expiresAt", h.getExpiresAt() == null ? null : h.getExpiresAt().toString());
      e.put("dropAt", Instant.ofEpochMilli(dropAt).toString());
      e.put("reason", h.getReason() == null ? null : h.getReason().name());
      e.put("ruleId", h.getRuleId());
      e.put("checks", h.getChecks());
      messages.add(e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customerId", customerId);
    out.put("held", messages);
    out.put("servedBy", servedBy);
    return write(out);
  }

  /**
   * What the guard counted for the customer (newest first) with per-channel totals: the contacts
   * its ledger keeps, which are those any cap can still count: when, channel, category, tags and
   * the sending tenant (null for contacts counted before the ledger kept it), never the campaign.
   */
  String history(KafkaStreams streams, int partition, String customerId, long now) {
    ContactPreferences prefs =
        this.<ContactPreferences>store(streams, StoreNames.PREFERENCES, partition).get(customerId);
    byte[] ledgerBytes = this.<byte[]>store(streams, StoreNames.LEDGER, partition).get(customerId);
    ContactLedger ledger =
        ledgerBytes == null ? new ContactLedger() : LedgerCodec.decode(ledgerBytes);
    EffectiveRules effective = rules(streams, null, prefs);
    List<Map<String, Object>> contacts = new ArrayList<>();
    Map<String, Integer> totals = new java.util.TreeMap<>();
    for (int i = ledger.size() - 1; i >= 0; i--) {
      Contact c = ledger.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", Instant.ofEpochMilli(c.atMillis()).toString());
      m.put("channel", c.channel());
      m.put("category", c.category());
      m.put("tags", c.tags().stream().sorted().toList());
      m.put("tenant", c.tenant());
      contacts.add(m);
      totals.merge(c.channel() == null ? "OTHER" : c.channel(), 1, Integer::sum);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customerId", customerId);
    out.put("at", Instant.ofEpochMilli(now).toString());
    out.put("keptFor", DurationText.format(effective.longestWindow()));
    out.put("total", contacts.size());
    out.put("totals", totals);
    out.put("contacts", contacts);
    return write(out);
  }

  /**
   * The customer's held messages as the customer sees them: what, from whom, since and until when,
   * and why in plain words; never the payload, the message id or the campaign.
   */
  String heldForCustomer(
      KafkaStreams streams, int partition, String customerId, java.time.ZoneId shownIn, long now) {
    ReadOnlyKeyValueStore<String, HeldMessage> held = store(streams, StoreNames.HELD, partition);
    ContactPreferences prefs =
        this.<ContactPreferences>store(streams, StoreNames.PREFERENCES, partition).get(customerId);
    List<HeldMessage> all = new ArrayList<>();
    try (KeyValueIterator<String, HeldMessage> it =
        held.prefixScan(customerId + StoreNames.KEY_SEPARATOR, new StringSerializer())) {
      it.forEachRemaining(kv -> all.add(kv.value));
    }
    all.sort(BY_RELEASE_TIME);
    List<Map<String, Object>> messages = new ArrayList<>();
    for (HeldMessage h : all) {
      OutboundMessage m = messageDeserializer.deserialize(inputTopic, CustomerStores.wireValue(h));
      EffectiveRules effective = rules(streams, m.getTenant(), prefs);
      String reason = h.getReason() == null ? null : h.getReason().name();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("channel", m.getChannel().name());
      e.put("category", m.getCategory());
      e.put("tenant", m.getTenant());
      e.put("since", h.getHeldSince().toString());
      e.put("releaseAt", h.getReleaseAt().toString());
      e.put("reason", reason);
      e.put("ruleId", h.getRuleId());
      e.put(
          "explanation",
          HoldExplanation.of(
              reason,
              h.getRuleId(),
              h.getReleaseAt(),
              effective,
              // The customer's own zone wins; without one, the reader's (else the policy's).
              (prefs != null && prefs.getTimeZone() != null) || shownIn == null
                  ? effective.zone()
                  : shownIn,
              Instant.ofEpochMilli(now)));
      messages.add(e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("customerId", customerId);
    out.put("held", messages);
    return write(out);
  }

  /**
   * The customer's preferences as the preference centre edits them: the stored document (or an
   * empty one), and what the platform decides for them: required and exempt categories, the zone
   * and overflow action that apply when they set none.
   */
  String preferencesForCustomer(KafkaStreams streams, int partition, String customerId) {
    ContactPreferences stored =
        this.<ContactPreferences>store(streams, StoreNames.PREFERENCES, partition).get(customerId);
    CustomerPreferences prefs =
        stored == null ? CustomerPreferences.none(customerId) : ModelMapping.preferences(stored);
    EffectiveRules platform = rules(streams, null, null);
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      out.put("preferences", json.readTree(PolicyJson.writePreferences(prefs)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read JSON just written", e);
    }
    Map<String, Object> decided = new LinkedHashMap<>();
    decided.put("zone", platform.zone().getId());
    decided.put("overflowAction", platform.overflowAction().name());
    decided.put("requiredCategories", platform.requiredCategories().stream().sorted().toList());
    decided.put("exemptCategories", platform.exemptCategories().stream().sorted().toList());
    decided.put("maxDelay", DurationText.format(platform.maxDelay()));
    List<Map<String, Object>> caps = new ArrayList<>();
    for (Cap c : platform.caps()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ruleId", c.id());
      m.put("max", c.max());
      m.put("window", DurationText.format(c.window()));
      m.put("channels", c.scope().channels().stream().sorted().toList());
      m.put("categories", c.scope().categories().stream().sorted().toList());
      caps.add(m);
    }
    decided.put("caps", caps);
    out.put("platform", decided);
    return write(out);
  }

  /** The customer's stored preferences in the PolicyJson format, or 404. */
  String preferences(KafkaStreams streams, int partition, String customerId) {
    ContactPreferences prefs =
        this.<ContactPreferences>store(streams, StoreNames.PREFERENCES, partition).get(customerId);
    if (prefs == null) {
      throw ApiError.notFound("no preferences stored for customer '" + customerId + "'");
    }
    return PolicyJson.writePreferences(ModelMapping.preferences(prefs));
  }

  /** A tenant's policy as every instance holds it (global store), or null. */
  synchronized Policy policy(KafkaStreams streams, String tenant) {
    return rulesSource(streams).policy(tenant);
  }

  private synchronized EffectiveRules rules(
      KafkaStreams streams, String tenant, ContactPreferences prefs) {
    return rulesSource(streams).rulesFor(tenant, prefs);
  }

  /**
   * One RulesSource for the instance: it caches mapped policies, and warns once about a missing
   * default.
   */
  private RulesSource rulesSource(KafkaStreams streams) {
    if (rules == null || rulesFor != streams) {
      ReadOnlyKeyValueStore<String, byte[]> policies =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  StoreNames.POLICIES, QueryableStoreTypes.keyValueStore()));
      rules = new RulesSource(policies, policyDeserializer, policiesTopic);
      rulesFor = streams;
    }
    return rules;
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(
      KafkaStreams streams, String name, int partition) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
            .withPartition(partition));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
