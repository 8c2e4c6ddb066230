package dev.fatigueguard.serde;

import dev.fatigueguard.serde.registry.SchemaRegistryClientConfig;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings under Confluent's names, on top of the registry client's ({@link
 * SchemaRegistryClientConfig}: {@code schema.registry.url}, {@code basic.auth.*}, timeouts,
 * retries). Subject name strategies accept our class names, Confluent's ({@code
 * io.confluent.kafka.serializers.subject.*}), the bare simple names, a {@link Class}, or any class
 * implementing {@link SubjectNameStrategy}.
 */
public final class AvroSerdeConfig extends SchemaRegistryClientConfig {

  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  private static final String CONFLUENT_STRATEGIES = "io.confluent.kafka.serializers.subject.";
  private static final Map<String, Supplier<SubjectNameStrategy>> BUILT_IN_STRATEGIES =
      Map.of(
          TopicNameStrategy.class.getName(),
          TopicNameStrategy::new,
          RecordNameStrategy.class.getName(),
          RecordNameStrategy::new,
          TopicRecordNameStrategy.class.getName(),
          TopicRecordNameStrategy::new,
          CONFLUENT_STRATEGIES + "TopicNameStrategy",
          TopicNameStrategy::new,
          CONFLUENT_STRATEGIES + "RecordNameStrategy",
          RecordNameStrategy::new,
          CONFLUENT_STRATEGIES + "TopicRecordNameStrategy",
          TopicRecordNameStrategy::new,
          "TopicNameStrategy",
          TopicNameStrategy::new,
          "RecordNameStrategy",
          RecordNameStrategy::new,
          "TopicRecordNameStrategy",
          TopicRecordNameStrategy::new);

  public AvroSerdeConfig(Map<?, ?> originals) {
    super(serdeConfigDef(), withClassNames(originals));
  }

  /** The client's definition plus the serde's keys. */
  public static ConfigDef serdeConfigDef() {
    return configDef()
        .define(
            AUTO_REGISTER_SCHEMAS,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Serializer: register the record's schema under its subject if it is not there yet."
                + " Otherwise the schema must already be registered (or use.latest.version).")
        .define(
            USE_LATEST_VERSION,
            Type.BOOLEAN,
            false,
            Importance.MEDIUM,
            "Serializer, with auto.register.schemas=false: write with the subject's latest schema and"
                + " its id. As in Confluent's serde, auto.register.schemas=true takes precedence.")
        .define(
            SPECIFIC_AVRO_READER,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Deserializer: read into the generated class named by the writer schema when no reader"
                + " class is given. false is only accepted together with a reader class.")
        .define(
            SPECIFIC_AVRO_KEY_TYPE,
            Type.CLASS,
            null,
            Importance.LOW,
            "Deserializer for keys: the generated class to read into, instead of deriving it.")
        .define(
            SPECIFIC_AVRO_VALUE_TYPE,
            Type.CLASS,
            null,
            Importance.LOW,
            "Deserializer for values: the generated class to read into, instead of deriving it.")
        .define(
            KEY_SUBJECT_NAME_STRATEGY,
            Type.STRING,
            TopicNameStrategy.class.getName(),
            Importance.MEDIUM,
            "Subject of key schemas: TopicNameStrategy (<topic>-key), RecordNameStrategy, TopicRecordNameStrategy.")
        .define(
            VALUE_SUBJECT_NAME_STRATEGY,
            Type.STRING,
            TopicNameStrategy.class.getName(),
            Importance.MEDIUM,
            "Subject of value schemas: TopicNameStrategy (<topic>-value), RecordNameStrategy, TopicRecordNameStrategy.");
  }

  private static Map<Object, Object> withClassNames(Map<?, ?> originals) {
    Map<Object, Object> copy = new HashMap<>(originals);
    for (String key : new String[] {KEY_SUBJECT_NAME_STRATEGY, VALUE_SUBJECT_NAME_STRATEGY}) {
      if (copy.get(key) instanceof Class<?> c) {
        copy.put(key, c.getName());
      }
    }
    return copy;
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS);
  }

  public boolean useLatestVersion() {
    return getBoolean(USE_LATEST_VERSION);
  }

  public boolean specificAvroReader() {
    return getBoolean(SPECIFIC_AVRO_READER);
  }

  /**
   * The configured reader class for keys or values, or null to derive it from the writer schema.
   */
  public Class<? extends SpecificRecord> specificAvroType(boolean isKey) {
    String key = isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE;
    Class<?> type = getClass(key);
    if (type == null) {
      return null;
    }
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new ConfigException(
          key, type.getName(), "not a generated Avro class (a SpecificRecord)");
    }
    return type.asSubclass(SpecificRecord.class);
  }

  public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
    String key = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
    String name = getString(key).trim();
    Supplier<SubjectNameStrategy> builtIn = BUILT_IN_STRATEGIES.get(name);
    if (builtIn != null) {
      return builtIn.get();
    }
    if (name.startsWith(CONFLUENT_STRATEGIES)) {
      throw new ConfigException(
          key,
          name,
          "not one of Confluent's strategies this serde implements:"
              + " TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy");
    }
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type =
          Class.forName(
              name, true, loader != null ? loader : AvroSerdeConfig.class.getClassLoader());
      if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
        throw new ConfigException(
            key, name, "does not implement " + SubjectNameStrategy.class.getName());
      }
      return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          key,
          name,
          "unknown subject name strategy: use TopicNameStrategy,"
              + " RecordNameStrategy, TopicRecordNameStrategy (ours or Confluent's class names) or a class"
              + " implementing "
              + SubjectNameStrategy.class.getName());
    } catch (ReflectiveOperationException | LinkageError e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new ConfigException(key, name, "cannot be instantiated: " + cause);
    }
  }
}
