package dev.fatigueguard.serde;

import dev.fatigueguard.serde.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} as one Kafka {@link Serde},
 * sharing one registry client (and so one cache). Configure with Confluent's keys, e.g. {@code
 * schema.registry.url}; see {@link AvroSerdeConfig}.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final SchemaRegistryClient injectedClient;
  private final SpecificAvroSerializer<T> serializer;
  private final SpecificAvroDeserializer<T> deserializer;

  /** Reader class derived from the writer schema, as Confluent's {@code SpecificAvroSerde} does. */
  public SpecificAvroSerde() {
    this(null, null);
  }

  public SpecificAvroSerde(Class<T> readerClass) {
    this(null, readerClass);
  }

  /**
   * With a given client (e.g. {@code MockSchemaRegistry.getClientForScope("test")}), usable at once
   * with the default settings; {@code readerClass} may be null.
   */
  public SpecificAvroSerde(SchemaRegistryClient client, Class<T> readerClass) {
    this(client, readerClass, DatumWriterFactory.SPECIFIC);
  }

  /**
   * With a given client, writing records of their own schema with the writers {@code writers} makes
   * (see {@link DatumWriterFactory}).
   */
  public SpecificAvroSerde(
      SchemaRegistryClient client, Class<T> readerClass, DatumWriterFactory writers) {
    this.injectedClient = client;
    this.serializer =
        client != null
            ? new SpecificAvroSerializer<>(client, writers)
            : new SpecificAvroSerializer<>(writers);
    this.deserializer =
        client != null
            ? new SpecificAvroDeserializer<>(client, readerClass)
            : readerClass != null
                ? new SpecificAvroDeserializer<>(readerClass)
                : new SpecificAvroDeserializer<>();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SchemaRegistryClient client =
        injectedClient != null ? injectedClient : SchemaRegistryClient.forConfig(configs);
    serializer.configure(configs, isKey, client);
    deserializer.configure(configs, isKey, client);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
