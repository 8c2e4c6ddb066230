package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.policy.ContactPolicy;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.EffectiveRules;
import dev.fatigueguard.policy.Layering;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules that apply to one message: platform default, tenant policy and the customer's preferences,
 * layered by the core. Also used by the HTTP API's budget view, so the API applies exactly the rules
 * the guard applies.
 *
 * <p>Policies live in a global store as the bytes that were published (they passed validation on the
 * way in). Decoding and mapping them for every record would dominate the hot path, so the mapped
 * policy is cached per tenant and reused while the stored bytes are unchanged.
 */
public final class RulesSource {

  private static final Logger LOG = LoggerFactory.getLogger(RulesSource.class);

  private record CachedPolicy(byte[] wire, ContactPolicy policy) {}

  private final ReadOnlyKeyValueStore<String, byte[]> policies;
  private final Deserializer<dev.fatigueguard.avro.ContactPolicy> policyDeserializer;
  private final String policiesTopic;
  private final Map<String, CachedPolicy> cache = new HashMap<>();
  private boolean warnedNoDefault;

  public RulesSource(ReadOnlyKeyValueStore<String, byte[]> policies,
      Deserializer<dev.fatigueguard.avro.ContactPolicy> policyDeserializer, String policiesTopic) {
    this.policies = policies;
    this.policyDeserializer = policyDeserializer;
    this.policiesTopic = policiesTopic;
  }

  public EffectiveRules rulesFor(String tenant, ContactPreferences preferences) {
    ContactPolicy platform = policy(ContactPolicy.DEFAULT_TENANT);
    if (platform == null) {
      if (!warnedNoDefault) {
        LOG.warn("No '{}' policy published on {}: only tenant policies and customer preferences apply",
            ContactPolicy.DEFAULT_TENANT, policiesTopic);
        warnedNoDefault = true;
      }
      platform = ContactPolicy.builtInDefault();
    }
    ContactPolicy tenantPolicy = tenant == null || tenant.equals(ContactPolicy.DEFAULT_TENANT) ? null : policy(tenant);
    CustomerPreferences prefs = preferences == null ? null : ModelMapping.preferences(preferences);
    return Layering.resolve(platform, tenantPolicy, prefs);
  }

  /** The policy of one tenant, or null if none is published. */
  public ContactPolicy policy(String tenant) {
    byte[] wire = policies.get(tenant);
    if (wire == null) {
      cache.remove(tenant);
      return null;
    }
    CachedPolicy cached = cache.get(tenant);
    if (cached != null && (cached.wire == wire || java.util.Arrays.equals(cached.wire, wire))) {
      return cached.policy;
    }
    ContactPolicy mapped = ModelMapping.policy(policyDeserializer.deserialize(policiesTopic, wire));
    cache.put(tenant, new CachedPolicy(wire, mapped));
    return mapped;
  }
}
