package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyValidation;
import dev.fatigueguard.policy.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global policy table equal to the last VALID policy of each tenant on the policies
 * topic.
 *
 * <p>It reads the published topic directly, and Kafka Streams runs it again over the topic when the
 * table is restored, so on every start the table is complete (and validated) before the first
 * message is judged. A refused policy leaves the previous one in force and goes to the DLQ with the
 * reason.
 */
final class PolicyTableUpdater implements Processor<String, byte[], Void, Void> {

  static final String STAGE = "validate-policy";
  private static final Logger LOG = LoggerFactory.getLogger(PolicyTableUpdater.class);

  private final Deserializer<ContactPolicy> deserializer;
  private final String policiesTopic;
  private final PolicyRejections rejections;
  private final PolicyTableChanges changes;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> store;

  PolicyTableUpdater(
      Deserializer<ContactPolicy> deserializer,
      String policiesTopic,
      PolicyRejections rejections,
      PolicyTableChanges changes) {
    this.deserializer = deserializer;
    this.policiesTopic = policiesTopic;
    this.rejections = rejections;
    this.changes = changes;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(StoreNames.POLICIES);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String tenant = record.key();
    if (tenant == null || tenant.isBlank()) {
      refuse(
          record,
          "policy record has no key: the key must be the tenant id ('default' for the platform)");
      return;
    }
    if (record.value() == null) {
      // Deleting a tenant's policy is legitimate; deleting 'default' leaves the tenants' policies
      // alone.
      store.delete(tenant);
      changes.changed();
      return;
    }
    try {
      var avro = deserializer.deserialize(policiesTopic, record.headers(), record.value());
      if (!tenant.equals(avro.getTenant())) {
        refuse(record, "key '" + tenant + "' does not match tenant '" + avro.getTenant() + "'");
        return;
      }
      Policy policy = ModelMapping.policy(avro);
      List<Violation> problems = PolicyValidation.validate(policy);
      if (!problems.isEmpty()) {
        throw new InvalidPolicyException("policy for tenant '" + tenant + "'", problems);
      }
    } catch (SerializationException e) {
      refuse(record, "cannot read ContactPolicy: " + e.getMessage());
      return;
    } catch (InvalidPolicyException e) {
      refuse(record, e.getMessage() + " (the last valid policy stays in force)");
      return;
    }
    store.put(tenant, record.value());
    changes.changed();
  }

  private void refuse(Record<String, byte[]> record, String reason) {
    LOG.error("refused a policy record: {}", reason);
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    rejections.reject(
        DeadLetters.of(context, record.headers(), key, record.value(), STAGE, reason, null));
  }
}
