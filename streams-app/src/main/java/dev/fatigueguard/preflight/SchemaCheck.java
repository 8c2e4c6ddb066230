package dev.fatigueguard.preflight;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.FatigueMetric;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.serde.AvroSerdeConfig;
import dev.fatigueguard.serde.SubjectNameStrategy;
import dev.fatigueguard.serde.registry.RegisteredSchema;
import dev.fatigueguard.serde.registry.RestSchemaRegistryClient;
import dev.fatigueguard.serde.registry.SchemaRegistryException;
import dev.fatigueguard.serde.registry.SchemaRegistryUnavailableException;
import dev.fatigueguard.topology.StoreNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Each subject the guard writes is either absent and registrable (auto.register.schemas) or
 * registered with versions the guard's schema is compatible with; the input's subject, written by
 * the senders, must be readable with the guard's schema.
 */
final class SchemaCheck {

  static final String NAME = "schemas";

  /** A subject and the schema the guard uses with it. */
  record Subject(String name, Schema schema, boolean writtenByGuard) {}

  private SchemaCheck() {}

  static List<Subject> subjects(GuardConfig config) {
    SubjectNameStrategy strategy =
        new AvroSerdeConfig(config.serdeConfig()).subjectNameStrategy(false);
    String app = config.applicationId();
    List<Subject> subjects = new ArrayList<>();
    subjects.add(
        subject(
            strategy,
            config.topic(GuardSetting.TOPIC_INPUT),
            OutboundMessage.getClassSchema(),
            false));
    subjects.add(
        subject(
            strategy,
            config.topic(GuardSetting.TOPIC_POLICIES),
            ContactPolicy.getClassSchema(),
            true));
    subjects.add(
        subject(
            strategy,
            config.topic(GuardSetting.TOPIC_PREFERENCES),
            ContactPreferences.getClassSchema(),
            true));
    subjects.add(
        subject(
            strategy,
            config.topic(GuardSetting.TOPIC_DECISIONS),
            ContactDecision.getClassSchema(),
            true));
    subjects.add(
        subject(
            strategy,
            config.topic(GuardSetting.TOPIC_SUPPRESSED),
            SuppressedMessage.getClassSchema(),
            true));
    subjects.add(
        subject(
            strategy,
            config.topic(GuardSetting.TOPIC_METRICS),
            FatigueMetric.getClassSchema(),
            true));
    subjects.add(
        subject(
            strategy,
            app + "-" + StoreNames.PREFERENCES + "-changelog",
            ContactPreferences.getClassSchema(),
            true));
    subjects.add(
        subject(
            strategy,
            app + "-" + StoreNames.HELD + "-changelog",
            HeldMessage.getClassSchema(),
            true));
    return subjects.stream().distinct().toList();
  }

  private static Subject subject(
      SubjectNameStrategy strategy, String topic, Schema schema, boolean writtenByGuard) {
    return new Subject(strategy.subjectName(topic, false, schema), schema, writtenByGuard);
  }

  static List<CheckResult> check(GuardConfig config) {
    String url = RegistryCheck.url(config);
    AvroSerdeConfig serde = new AvroSerdeConfig(config.serdeConfig());
    boolean autoRegister = serde.autoRegisterSchemas();
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(RegistryCheck.boundedSettings(config));
    List<CheckResult> failures = new ArrayList<>();
    int current = 0;
    int compatible = 0;
    int absent = 0;
    for (Subject subject : subjects(config)) {
      String check = "schema " + subject.name();
      try {
        RegisteredSchema latest;
        try {
          latest = client.getLatestVersion(subject.name());
        } catch (SchemaRegistryException e) {
          if (e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND) {
            throw e;
          }
          if (subject.writtenByGuard() && !autoRegister) {
            failures.add(
                CheckResult.fail(
                    check,
                    "not registered, and auto.register.schemas=false",
                    "register the guard's "
                        + subject.schema().getName()
                        + " schema under "
                        + subject.name()
                        + ", or set auto.register.schemas=true"));
          } else {
            absent++;
          }
          continue;
        }
        if (latest.schema().equals(subject.schema())) {
          current++;
        } else if (client.isCompatible(subject.name(), subject.schema())) {
          if (subject.writtenByGuard() && !autoRegister && !serde.useLatestVersion()) {
            client.getId(subject.name(), subject.schema());
          }
          compatible++;
        } else {
          failures.add(
              CheckResult.fail(
                  check,
                  "version "
                      + latest.version()
                      + " (id "
                      + latest.id()
                      + ") is not compatible with the guard's "
                      + subject.schema().getFullName()
                      + (subject.writtenByGuard()
                          ? ": the registry would refuse the guard's schema"
                          : ": the guard could not read what the senders write"),
                  "make sure the topic carries the guard's records (the schemas are in the"
                      + " schemas module), or change the subject's compatibility level if the"
                      + " registered version is obsolete"));
        }
      } catch (SchemaRegistryException e) {
        if (e.httpStatus() == 401 || e.httpStatus() == 403) {
          failures.add(RegistryCheck.unauthorized(url, e));
          break;
        }
        if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
          failures.add(
              CheckResult.fail(
                  check,
                  "the guard's schema is not registered under it, and auto.register.schemas=false",
                  "register it, set use.latest.version=true, or set auto.register.schemas=true"));
          continue;
        }
        failures.add(CheckResult.fail(check, e.getMessage(), "see the registry's message"));
      } catch (SchemaRegistryUnavailableException e) {
        failures.add(RegistryCheck.unreachable(config, url, e));
        break;
      } catch (RuntimeException e) {
        failures.add(CheckResult.fail(check, ClusterConnection.rootMessage(e), "see the message"));
      }
    }
    if (!failures.isEmpty()) {
      return failures;
    }
    return List.of(
        CheckResult.pass(
            NAME,
            (current + compatible + absent)
                + " subjects: "
                + current
                + " with the guard's schema as latest version, "
                + compatible
                + " with an older version it is compatible with, "
                + absent
                + " without a version"
                + (autoRegister && absent > 0 ? " (registered on first write)" : "")));
  }
}
