package dev.fatigueguard.serde;

import org.apache.avro.Schema;

/**
 * The registry subject a serializer registers or looks up a schema under. Configured with {@code
 * key.subject.name.strategy} / {@code value.subject.name.strategy}; implementations need a public
 * no-argument constructor and must be thread-safe.
 */
public interface SubjectNameStrategy {

  String subjectName(String topic, boolean isKey, Schema schema);
}
