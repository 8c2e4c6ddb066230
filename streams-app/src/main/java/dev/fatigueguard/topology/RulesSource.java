package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.policy.Cap;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import dev.fatigueguard.policy.Policy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules that apply to one message: platform default, tenant policy and the customer's
 * preferences, layered by the core. Also used by the HTTP API's budget view, so the API applies
 * exactly the rules the guard applies.
 *
 * <p>Policies live in a global store as the bytes that were published (they passed validation on
 * the way in). Decoding and mapping them for every record would dominate the hot path, so the
 * mapped policy is cached per tenant and reused while the stored bytes are unchanged.
 *
 * <p>Most customers set no preferences, and then the layered rules depend on the two policies
 * alone: those are layered once per (tenant, policy objects) and shared, instead of re-building the
 * qualified rule ids and immutable copies on every message. {@link EffectiveRules} is immutable, so
 * sharing is safe.
 */
public final class RulesSource {

  private static final Logger LOG = LoggerFactory.getLogger(RulesSource.class);

  /** A tenant's policy as read from the table; both null when the tenant has none. */
  private record CachedPolicy(byte[] wire, Policy policy) {}

  private static final int MAX_ABSENT_TENANTS = 10_000;

  /**
   * Rules without customer preferences, valid while both policies are the very objects they were
   * built from.
   */
  private record PolicyOnlyRules(Policy platform, Policy tenantPolicy, EffectiveRules rules) {}

  private final ReadOnlyKeyValueStore<String, byte[]> policies;
  private final Deserializer<ContactPolicy> policyDeserializer;
  private final String policiesTopic;
  private final Map<String, CachedPolicy> cache = new HashMap<>();

  /**
   * Null when the table's changes are not tracked (a reader outside the topology): then every call
   * reads the table.
   */
  private final PolicyTableChanges changes;

  private long cachedAtChange = -1;
  private final Map<String, PolicyOnlyRules> policyOnly = new HashMap<>();

  /** One instance, so that rules layered on it can be recognised and reused. */
  private final Policy builtInDefault = Policy.builtInDefault();

  private boolean warnedNoDefault;
  private Duration ledgerHorizon = Cap.LONGEST_WINDOW;
  private boolean anyPolicy;

  /** A reader that reads the table on every call (for queries from outside the topology). */
  public RulesSource(
      ReadOnlyKeyValueStore<String, byte[]> policies,
      Deserializer<ContactPolicy> policyDeserializer,
      String policiesTopic) {
    this(policies, policyDeserializer, policiesTopic, null);
  }

  /** A reader that keeps policies in memory until the policy table changes. */
  RulesSource(
      ReadOnlyKeyValueStore<String, byte[]> policies,
      Deserializer<ContactPolicy> policyDeserializer,
      String policiesTopic,
      PolicyTableChanges changes) {
    this.policies = policies;
    this.policyDeserializer = policyDeserializer;
    this.policiesTopic = policiesTopic;
    this.changes = changes;
  }

  /** Whether any policy (default or tenant) has reached this instance's global policy table. */
  boolean anyPolicyLoaded() {
    // RocksDB only estimates its entry count, so ask an iterator instead — but only while none has
    // been
    // seen: once one is loaded the answer is kept until a release round finds the table empty
    // again.
    if (!anyPolicy) {
      try (KeyValueIterator<String, byte[]> it = policies.all()) {
        anyPolicy = it.hasNext();
      }
    }
    return anyPolicy;
  }

  /**
   * How far back a customer's contacts must be remembered: the longest cap window of ANY policy,
   * since any tenant may message any customer, and all of them until the first policy is loaded
   * (the ledger must not forget contacts that rules not yet known will count).
   */
  Duration ledgerHorizon() {
    return ledgerHorizon;
  }

  /**
   * Re-reads every policy's longest window; cheap (a handful of policies), called on each release
   * round.
   */
  void refreshLedgerHorizon() {
    Duration longest = Duration.ZERO;
    boolean any = false;
    try (KeyValueIterator<String, byte[]> it = policies.all()) {
      while (it.hasNext()) {
        Policy p = policy(it.next().key);
        if (p != null) {
          any = true;
          for (Cap cap : p.caps()) {
            if (cap.horizon().compareTo(longest) > 0) {
              longest = cap.horizon();
            }
          }
        }
      }
    }
    ledgerHorizon = any ? longest : Cap.LONGEST_WINDOW;
    anyPolicy = any;
  }

  public EffectiveRules rulesFor(String tenant, ContactPreferences preferences) {
    Policy platform = policy(Policy.DEFAULT_TENANT);
    if (platform == null) {
      if (!warnedNoDefault) {
        LOG.warn(
            "No '{}' policy published on {}: only tenant policies and customer preferences apply",
            Policy.DEFAULT_TENANT,
            policiesTopic);
        warnedNoDefault = true;
      }
      platform = builtInDefault;
    }
    Policy tenantPolicy =
        tenant == null || tenant.equals(Policy.DEFAULT_TENANT) ? null : policy(tenant);
    if (preferences == null) {
      // Keyed by the tenant only when it has a policy: any other tenant name gets the platform's
      // rules,
      // so unknown tenant names in messages cannot grow this map.
      String key = tenantPolicy == null ? Policy.DEFAULT_TENANT : tenant;
      PolicyOnlyRules cached = policyOnly.get(key);
      if (cached == null
          || cached.platform() != platform
          || cached.tenantPolicy() != tenantPolicy) {
        cached =
            new PolicyOnlyRules(
                platform, tenantPolicy, Layering.resolve(platform, tenantPolicy, null));
        policyOnly.put(key, cached);
      }
      return cached.rules();
    }
    return Layering.resolve(platform, tenantPolicy, ModelMapping.preferences(preferences));
  }

  /** The policy of one tenant, or null if none is published. */
  public Policy policy(String tenant) {
    if (changes != null) {
      long change = changes.count();
      if (change != cachedAtChange) {
        cache.clear();
        cachedAtChange = change;
      }
      CachedPolicy known = cache.get(tenant);
      if (known != null) {
        return known.policy;
      }
    }
    byte[] wire = policies.get(tenant);
    if (wire == null) {
      cache.remove(tenant);
      if (changes != null && cache.size() < MAX_ABSENT_TENANTS) {
        // Remember the absence too (most tenants have no policy of their own), but not for every
        // tenant name a sender makes up.
        cache.put(tenant, new CachedPolicy(null, null));
      }
      return null;
    }
    CachedPolicy cached = cache.get(tenant);
    if (cached != null
        && cached.wire != null
        && (cached.wire == wire || java.util.Arrays.equals(cached.wire, wire))) {
      return cached.policy;
    }
    Policy mapped = ModelMapping.policy(policyDeserializer.deserialize(policiesTopic, wire));
    cache.put(tenant, new CachedPolicy(wire, mapped));
    return mapped;
  }
}
