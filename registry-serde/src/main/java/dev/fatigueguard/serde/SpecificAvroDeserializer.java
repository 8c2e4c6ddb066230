package dev.fatigueguard.serde;

import dev.fatigueguard.serde.WireFormatException.Reason;
import dev.fatigueguard.serde.registry.SchemaRegistryClient;
import dev.fatigueguard.serde.registry.SchemaRegistryException;
import dev.fatigueguard.serde.registry.UnsupportedSchemaException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Confluent wire-format records (0x00, 4-byte big-endian schema id, Avro body) into specific
 * records. The writer schema is fetched by id; the reader schema is that of the reader class, given
 * to the constructor, by {@code specific.avro.key.type}/{@code specific.avro.value.type}, or else
 * derived from the writer schema's full name ({@code specific.avro.reader=true}, the default). Avro
 * schema resolution bridges the two, so records from evolved writers are read (new fields ignored,
 * missing ones defaulted, unknown enum symbols mapped to the enum default).
 *
 * <p>Null bytes give null (tombstones). Bad bytes give a {@link WireFormatException} whose message
 * says exactly what is wrong and where; registry trouble gives {@link
 * dev.fatigueguard.serde.registry.SchemaRegistryUnavailableException} (retriable) or {@link
 * SchemaRegistryException}, never a {@code WireFormatException}, so a topology can send only
 * genuinely bad records to a dead-letter topic.
 *
 * <p>Thread-safe: one instance may serve every stream thread. Readers are built once per schema id;
 * a record then costs a map lookup (none when the id repeats) and the decoding.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(SpecificAvroDeserializer.class);

  static final int HEADER_LENGTH = 5;

  private static final ThreadLocal<BoundedBinaryDecoder> DECODER =
      ThreadLocal.withInitial(BoundedBinaryDecoder::new);

  private record Settings(
      SchemaRegistryClient client,
      Class<? extends SpecificRecord> readerClass,
      ClassLoader loader) {}

  private record Plan(int id, Schema writer, String readerName, DatumReader<Object> reader) {}

  private final Class<T> constructorClass;
  private final SchemaRegistryClient injectedClient;
  private volatile Settings settings;
  private final ConcurrentMap<Integer, Plan> plans = new ConcurrentHashMap<>();
  private volatile Plan lastPlan;

  /**
   * Reader class derived from each writer schema's full name (or set by {@code
   * specific.avro.*.type}).
   */
  public SpecificAvroDeserializer() {
    this(null, null);
  }

  public SpecificAvroDeserializer(Class<T> readerClass) {
    this(null, Objects.requireNonNull(readerClass, "readerClass"));
  }

  /**
   * A deserializer using the given client, usable at once; {@code readerClass} may be null to
   * derive it from the writer schema.
   */
  public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> readerClass) {
    this.constructorClass = readerClass;
    this.injectedClient = client;
    if (client != null) {
      this.settings = new Settings(client, readerClass, defaultLoader());
    }
  }

  private static ClassLoader defaultLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : SpecificAvroDeserializer.class.getClassLoader();
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
    Class<? extends SpecificRecord> readerClass =
        constructorClass != null ? constructorClass : config.specificAvroType(isKey);
    if (readerClass == null && !config.specificAvroReader()) {
      throw new ConfigException(
          AvroSerdeConfig.SPECIFIC_AVRO_READER,
          false,
          "SpecificAvroDeserializer only produces specific records: give it a reader class, set "
              + (isKey
                  ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE
                  : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE)
              + ", or leave "
              + AvroSerdeConfig.SPECIFIC_AVRO_READER
              + "=true");
    }
    this.settings = new Settings(client, readerClass, defaultLoader());
    plans.clear();
    lastPlan = null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = schemaId(data);
    Plan plan = lastPlan;
    if (plan == null || plan.id() != id) {
      plan = plan(id);
      lastPlan = plan;
    }
    BoundedBinaryDecoder decoder =
        DECODER.get().wrap(data, HEADER_LENGTH, data.length - HEADER_LENGTH);
    try {
      Object value = plan.reader().read(null, decoder);
      if (decoder.remaining() > 0) {
        throw new WireFormatException(
            Reason.TRAILING_BYTES,
            decoder.remaining()
                + " trailing bytes at offset "
                + decoder.position()
                + " after a complete "
                + plan.writer().getFullName()
                + " (schema id "
                + id
                + ", record of "
                + data.length
                + " bytes): the body was not written with that schema");
      }
      return (T) value;
    } catch (EOFException e) {
      throw new WireFormatException(
          Reason.TRUNCATED_BODY,
          "truncated Avro body of "
              + plan.writer().getFullName()
              + " (schema id "
              + id
              + ", record of "
              + data.length
              + " bytes): "
              + e.getMessage(),
          e);
    } catch (AvroTypeException e) {
      throw new WireFormatException(
          Reason.INCOMPATIBLE_SCHEMA,
          "writer schema "
              + plan.writer().getFullName()
              + " (schema id "
              + id
              + ") cannot be read as "
              + plan.readerName()
              + ": "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new WireFormatException(
          Reason.MALFORMED_BODY,
          "malformed Avro body of "
              + plan.writer().getFullName()
              + " (schema id "
              + id
              + ", record of "
              + data.length
              + " bytes): "
              + e.getMessage(),
          e);
    } catch (WireFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      // Avro indexes its union branches and enum symbols without checking the index it read.
      String what =
          e instanceof IndexOutOfBoundsException
              ? "union branch or enum symbol index out of range"
              : e.toString();
      throw new WireFormatException(
          Reason.MALFORMED_BODY,
          "malformed Avro body of "
              + plan.writer().getFullName()
              + " (schema id "
              + id
              + ", record of "
              + data.length
              + " bytes): "
              + what
              + " before offset "
              + decoder.position()
              + (e instanceof IndexOutOfBoundsException ? " (" + e.getMessage() + ")" : ""),
          e);
    } finally {
      decoder.release();
    }
  }

  private static int schemaId(byte[] data) {
    if (data.length < HEADER_LENGTH) {
      throw new WireFormatException(
          Reason.TOO_SHORT,
          data.length == 0
              ? "empty record (0 bytes): not Confluent wire format (a tombstone is null, not empty)"
              : "record of "
                  + data.length
                  + (data.length == 1 ? " byte" : " bytes")
                  + " is too short for the"
                  + " 5-byte Confluent wire-format header (magic byte 0x00 + 4-byte schema id)");
    }
    if (data[0] != 0) {
      throw new WireFormatException(
          Reason.UNKNOWN_MAGIC_BYTE,
          String.format(
              "unknown magic byte 0x%02x at offset 0: not Confluent wire format%s",
              data[0] & 0xff, guess(data)));
    }
    int id =
        (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | (data[4] & 0xff);
    if (id < 0) {
      throw new WireFormatException(
          Reason.UNKNOWN_SCHEMA_ID,
          "schema id " + id + " at offset 1 is negative: no registry assigns it");
    }
    return id;
  }

  /** What the bytes look like instead, to make the dead-letter reason actionable. */
  private static String guess(byte[] data) {
    int first = data[0] & 0xff;
    if (first == '{' || first == '[') {
      return " (JSON?)";
    }
    if (first == 1) {
      return " (magic byte 1 is Confluent's schema-GUID framing, which this deserializer does not read)";
    }
    if (first == 'O' && data[1] == 'b' && data[2] == 'j' && data[3] == 1) {
      return " (an Avro object container file?)";
    }
    if (first == 0xef && (data[1] & 0xff) == 0xbb && (data[2] & 0xff) == 0xbf) {
      return " (UTF-8 text with a byte-order mark?)";
    }
    if (first >= 0x20 && first < 0x7f) {
      return " (plain text?)";
    }
    return "";
  }

  private Plan plan(int id) {
    Plan plan = plans.get(id);
    if (plan == null) {
      plan = buildPlan(id);
      Plan raced = plans.putIfAbsent(id, plan);
      if (raced != null) {
        plan = raced;
      }
    }
    return plan;
  }

  private Plan buildPlan(int id) {
    Settings s = settings;
    if (s == null) {
      throw new IllegalStateException(
          "SpecificAvroDeserializer is not configured: call configure(configs, isKey)"
              + " or construct it with a SchemaRegistryClient");
    }
    Schema writer;
    try {
      writer = s.client().getSchemaById(id);
    } catch (SchemaRegistryException e) {
      // Only the registry's own "schema not found" proves the id unknown; a bare 404 may be a wrong
      // URL.
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw new WireFormatException(
            Reason.UNKNOWN_SCHEMA_ID,
            "unknown schema id "
                + id
                + " at offset 1: "
                + e.url()
                + " has no such schema (HTTP "
                + e.httpStatus()
                + ", error_code "
                + e.errorCode()
                + ")",
            e);
      }
      throw e;
    } catch (UnsupportedSchemaException e) {
      throw new WireFormatException(
          Reason.UNSUPPORTED_SCHEMA,
          "schema id " + id + " at offset 1 is not usable: " + e.getMessage(),
          e);
    }
    Class<?> readerClass =
        s.readerClass() != null ? s.readerClass() : generatedClass(writer, id, s.loader());
    SpecificData model = SpecificData.getForClass(readerClass);
    Schema reader = model.getSchema(readerClass);
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      // Only a warning: resolution fails per record, and only for records that use the incompatible
      // part.
      LOG.warn(
          "Writer schema id {} ({}) is not fully compatible with reader {}: {}",
          id,
          writer.getFullName(),
          readerClass.getName(),
          SpecificAvroSerializer.incompatibilities(compatibility));
    }
    return new Plan(
        id, writer, readerClass.getName(), new SpecificDatumReader<>(writer, reader, model));
  }

  private static Class<?> generatedClass(Schema writer, int id, ClassLoader loader) {
    if (writer.getType() != Schema.Type.RECORD) {
      throw new WireFormatException(
          Reason.INCOMPATIBLE_SCHEMA,
          "schema id "
              + id
              + " is a "
              + writer.getType()
              + ", not a record: no generated class to read it into");
    }
    String className = SpecificData.getClassName(writer);
    try {
      Class<?> type = Class.forName(className, true, loader);
      if (!SpecificRecord.class.isAssignableFrom(type)) {
        throw new WireFormatException(
            Reason.INCOMPATIBLE_SCHEMA,
            "schema id " + id + " names " + className + ", which is not a generated Avro class");
      }
      return type;
    } catch (ClassNotFoundException | LinkageError e) {
      throw new WireFormatException(
          Reason.INCOMPATIBLE_SCHEMA,
          "schema id "
              + id
              + " is "
              + writer.getFullName()
              + ", and no generated class "
              + className
              + " is on the classpath to read it into",
          e);
    }
  }

  @Override
  public void close() {
    // Nothing to release: the registry client holds no open resources and may be shared.
  }
}
