package dev.fatigueguard.serde;

import dev.fatigueguard.serde.registry.RegisteredSchema;
import dev.fatigueguard.serde.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes specific records in the Confluent wire format: byte 0 = 0x00, bytes 1-4 = the schema id
 * (big-endian), then the Avro binary body. Configured with Confluent's keys (see {@link
 * AvroSerdeConfig}).
 *
 * <p>Which schema and id: with {@code auto.register.schemas=true} (default) the record's schema,
 * registered under its subject; otherwise with {@code use.latest.version=true} the subject's latest
 * schema (a record of an older schema is converted to it by Avro schema resolution, so field
 * positions need not match); otherwise the record's schema, which must already be registered.
 *
 * <p>Thread-safe: one instance may serve every stream thread. The registry is consulted once per
 * (topic, schema) — with {@code use.latest.version}, again whenever {@code latest.cache.ttl.sec}
 * runs out; in between a record costs two map lookups (topic, then schema) and the Avro encoding.
 *
 * <p>Errors: {@link SerializationException} when the record cannot be encoded (e.g. a required
 * field is null); {@link dev.fatigueguard.serde.registry.SchemaRegistryException} when the registry
 * refuses; {@link dev.fatigueguard.serde.registry.SchemaRegistryUnavailableException} (retriable)
 * when it cannot be reached.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(SpecificAvroSerializer.class);

  /**
   * Above this, a thread's scratch buffer is dropped after use instead of kept for the next record.
   */
  private static final int MAX_RETAINED_BUFFER = 1 << 20;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    BinaryEncoder encoder;
  }

  private record Settings(
      SchemaRegistryClient client,
      SubjectNameStrategy strategy,
      boolean isKey,
      boolean autoRegister,
      boolean useLatestVersion,
      long latestTtlNanos) {}

  /**
   * How records of one schema are written to one topic. {@code projection} is set when the target
   * schema differs from the record's: the record is then encoded with its own schema and resolved
   * into the target schema before writing.
   */
  private record Plan(
      String subject,
      int id,
      byte[] header,
      DatumWriter<Object> writer,
      DatumWriter<Object> ownWriter,
      DatumReader<Object> projection,
      long builtAtNanos) {

    void write(Object record, BinaryEncoder encoder) throws IOException {
      if (projection == null) {
        writer.write(record, encoder);
        return;
      }
      ByteArrayOutputStream own = new ByteArrayOutputStream(256);
      BinaryEncoder ownEncoder = EncoderFactory.get().directBinaryEncoder(own, null);
      ownWriter.write(record, ownEncoder);
      Object resolved =
          projection.read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
      writer.write(resolved, encoder);
    }
  }

  private final SchemaRegistryClient injectedClient;
  private final DatumWriterFactory writers;
  private volatile Settings settings;
  private final ConcurrentMap<String, ConcurrentMap<Schema, Plan>> plansByTopic =
      new ConcurrentHashMap<>();

  /**
   * A serializer to be {@link #configure configured}, which creates its registry client from the
   * config.
   */
  public SpecificAvroSerializer() {
    this(DatumWriterFactory.SPECIFIC);
  }

  /**
   * As {@link #SpecificAvroSerializer()}, encoding records of their own schema with the writers
   * {@code writers} makes.
   */
  public SpecificAvroSerializer(DatumWriterFactory writers) {
    this.injectedClient = null;
    this.writers = Objects.requireNonNull(writers, "writers");
  }

  /**
   * A serializer using the given client; usable at once with the defaults (auto-registration,
   * TopicNameStrategy, value serializer), and {@link #configure} still applies the other settings.
   */
  public SpecificAvroSerializer(SchemaRegistryClient client) {
    this(client, DatumWriterFactory.SPECIFIC);
  }

  /**
   * As {@link #SpecificAvroSerializer(SchemaRegistryClient)}, encoding records of their own schema
   * with the writers {@code writers} makes.
   */
  public SpecificAvroSerializer(SchemaRegistryClient client, DatumWriterFactory writers) {
    this.injectedClient = Objects.requireNonNull(client, "client");
    this.writers = Objects.requireNonNull(writers, "writers");
    this.settings = new Settings(client, new TopicNameStrategy(), false, true, false, -1);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    configure(
        configs,
        isKey,
        injectedClient != null ? injectedClient : SchemaRegistryClient.forConfig(configs));
  }

  void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient client) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    if (config.autoRegisterSchemas() && config.useLatestVersion()) {
      LOG.warn(
          "{}=true is ignored while {}=true, as in Confluent's serde; set {}=false to write with the latest version",
          AvroSerdeConfig.USE_LATEST_VERSION,
          AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
          AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
    }
    this.settings =
        new Settings(
            client,
            config.subjectNameStrategy(isKey),
            isKey,
            config.autoRegisterSchemas(),
            config.useLatestVersion(),
            config.latestCacheTtlNanos());
    plansByTopic.clear();
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    Plan plan = plan(topic, record);
    Scratch scratch = SCRATCH.get();
    try {
      // Configure before reset: configuring flushes whatever a failed write left in the encoder.
      scratch.encoder = EncoderFactory.get().binaryEncoder(scratch.out, scratch.encoder);
      scratch.out.reset();
      scratch.out.write(plan.header(), 0, plan.header().length);
      plan.write(record, scratch.encoder);
      scratch.encoder.flush();
      byte[] bytes = scratch.out.toByteArray();
      if (bytes.length > MAX_RETAINED_BUFFER) {
        SCRATCH.remove();
      }
      return bytes;
    } catch (IOException | RuntimeException e) {
      SCRATCH.remove();
      throw new SerializationException(
          "Cannot serialize "
              + record.getSchema().getFullName()
              + " for topic "
              + topic
              + " (subject "
              + plan.subject()
              + ", schema id "
              + plan.id()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private Plan plan(String topic, T record) {
    Schema schema = record.getSchema();
    Settings s = settings;
    if (s == null) {
      throw new IllegalStateException(
          "SpecificAvroSerializer is not configured: call configure(configs, isKey)"
              + " or construct it with a SchemaRegistryClient");
    }
    ConcurrentMap<Schema, Plan> plans =
        plansByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    Plan plan = plans.get(schema);
    if (plan == null
        || (!s.autoRegister()
            && s.useLatestVersion()
            && s.latestTtlNanos() >= 0
            && System.nanoTime() - plan.builtAtNanos() >= s.latestTtlNanos())) {
      // The record's own model carries its logical-type conversions and was loaded by its class
      // loader.
      SpecificData model =
          record instanceof SpecificRecordBase base
              ? base.getSpecificData()
              : SpecificData.getForSchema(schema);
      plan = buildPlan(s, topic, schema, writers.create(schema, model));
      plans.put(schema, plan);
    }
    return plan;
  }

  private static Plan buildPlan(Settings s, String topic, Schema schema, DatumWriter<Object> own) {
    String subject = s.strategy().subjectName(topic, s.isKey(), schema);
    if (s.autoRegister()) {
      int id = s.client().register(subject, schema);
      return new Plan(subject, id, header(id), own, own, null, System.nanoTime());
    }
    if (!s.useLatestVersion()) {
      int id = s.client().getId(subject, schema);
      return new Plan(subject, id, header(id), own, own, null, System.nanoTime());
    }
    RegisteredSchema latest = s.client().getLatestVersion(subject);
    Schema target = latest.schema();
    // Same parsing canonical form = same binary encoding: write the record as it is.
    if (SchemaNormalization.parsingFingerprint64(target)
        == SchemaNormalization.parsingFingerprint64(schema)) {
      return new Plan(subject, latest.id(), header(latest.id()), own, own, null, System.nanoTime());
    }
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(target, schema);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException(
          "use.latest.version: "
              + schema.getFullName()
              + " cannot be written as version "
              + latest.version()
              + " (schema id "
              + latest.id()
              + ") of subject "
              + subject
              + ", which cannot read it: "
              + incompatibilities(compatibility));
    }
    DatumReader<Object> projection = new GenericDatumReader<>(schema, target, GenericData.get());
    DatumWriter<Object> writer = new GenericDatumWriter<>(target, GenericData.get());
    return new Plan(
        subject, latest.id(), header(latest.id()), writer, own, projection, System.nanoTime());
  }

  /** The incompatibilities alone: Avro's own description repeats both schemas in full. */
  static String incompatibilities(SchemaCompatibility.SchemaPairCompatibility compatibility) {
    return compatibility.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
        .collect(Collectors.joining("; "));
  }

  private static byte[] header(int id) {
    return new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  @Override
  public void close() {
    // Nothing to release: the registry client holds no open resources and may be shared.
  }
}
