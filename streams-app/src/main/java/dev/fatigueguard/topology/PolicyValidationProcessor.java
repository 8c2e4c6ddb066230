package dev.fatigueguard.topology;

import dev.fatigueguard.policy.ContactPolicy;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.PolicyValidation;
import dev.fatigueguard.policy.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks every published policy before it can take effect. Only valid policies are forwarded to the
 * validated topic that feeds the global policy table, so an invalid one goes to the DLQ and the last
 * valid one stays in force on every instance. (A global store's own processor cannot write to a DLQ,
 * and a topic cannot feed both a global store and a stream task: hence this extra hop.)
 */
final class PolicyValidationProcessor implements Processor<String, byte[], String, Routed> {

  static final String STAGE = "validate-policy";

  private final Deserializer<dev.fatigueguard.avro.ContactPolicy> deserializer;
  private final String policiesTopic;
  private ProcessorContext<String, Routed> context;

  PolicyValidationProcessor(Deserializer<dev.fatigueguard.avro.ContactPolicy> deserializer, String policiesTopic) {
    this.deserializer = deserializer;
    this.policiesTopic = policiesTopic;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String tenant = record.key();
    if (tenant == null || tenant.isBlank()) {
      deadLetter(record, "policy record has no key: the key must be the tenant id ('default' for the platform)");
      return;
    }
    if (record.value() == null) {
      // Deleting a tenant's policy is legitimate; deleting 'default' falls back to no platform limits.
      context.forward(record.withValue(new Routed.ValidPolicy(tenant, null)));
      return;
    }
    try {
      dev.fatigueguard.avro.ContactPolicy avro = deserializer.deserialize(policiesTopic, record.headers(), record.value());
      if (!tenant.equals(avro.getTenant())) {
        deadLetter(record, "key '" + tenant + "' does not match tenant '" + avro.getTenant() + "'");
        return;
      }
      ContactPolicy policy = ModelMapping.policy(avro);
      List<Violation> problems = PolicyValidation.validate(policy);
      if (!problems.isEmpty()) {
        throw new InvalidPolicyException("policy for tenant '" + tenant + "'", problems);
      }
    } catch (SerializationException e) {
      deadLetter(record, "cannot read ContactPolicy: " + e.getMessage());
      return;
    } catch (InvalidPolicyException e) {
      deadLetter(record, e.getMessage() + " (the last valid policy stays in force)");
      return;
    }
    context.forward(record.withValue(new Routed.ValidPolicy(tenant, record.value())));
  }

  private void deadLetter(Record<String, byte[]> record, String reason) {
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    DeadLetters.forward(context, record, key, record.value(), STAGE, reason, null);
  }
}
