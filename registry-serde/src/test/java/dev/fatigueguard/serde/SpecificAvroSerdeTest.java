package dev.fatigueguard.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import dev.fatigueguard.serde.registry.RegisteredSchema;
import dev.fatigueguard.serde.registry.SchemaRegistryClient;
import dev.fatigueguard.serde.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Specific records through the serde against {@code mock://} registries. */
class SpecificAvroSerdeTest {

  private static final String SCOPE = "serde-test";
  private static final String URL = MockSchemaRegistry.SCHEME + SCOPE;
  private static final OutboundMessage MESSAGE =
      (OutboundMessage) ConfluentFixtures.all().get(1).record();
  private static final ContactDecision DECISION =
      (ContactDecision) ConfluentFixtures.all().get(3).record();

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  private static Map<String, Object> config(Object... keyValues) {
    Map<String, Object> config = new HashMap<>();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, URL);
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put((String) keyValues[i], keyValues[i + 1]);
    }
    return config;
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(
      Class<T> type, boolean isKey, Object... keyValues) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(config(keyValues), isKey);
    return serde;
  }

  private static int idOf(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }

  @Test
  void roundTripsEveryFixtureInTheConfluentWireFormat() {
    SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
    serde.configure(config(), false);

    for (ConfluentFixtures.Fixture fixture : ConfluentFixtures.all()) {
      byte[] bytes = serde.serializer().serialize(fixture.topic(), fixture.record());
      assertThat(bytes[0]).as("magic byte").isZero();
      assertThat(idOf(bytes))
          .isEqualTo(fixture.topic().equals(ConfluentFixtures.OUTBOUND_TOPIC) ? 1 : 2);
      assertThat(serde.deserializer().deserialize(fixture.topic(), bytes))
          .isEqualTo(fixture.record());
    }
    assertThat(MockSchemaRegistry.getClientForScope(SCOPE).subjects())
        .containsExactly("outbound-messages-value", "contact-decisions-value");
  }

  @Test
  void nullIsATombstoneBothWays() {
    SpecificAvroSerde<OutboundMessage> serde = serde(OutboundMessage.class, false);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
    assertThat(MockSchemaRegistry.getClientForScope(SCOPE).subjects()).isEmpty();
  }

  @Test
  void keysUseTheKeySubject() {
    SpecificAvroSerde<OutboundMessage> keySerde = serde(OutboundMessage.class, true);
    byte[] bytes = keySerde.serializer().serialize("outbound-messages", MESSAGE);
    assertThat(keySerde.deserializer().deserialize("outbound-messages", bytes)).isEqualTo(MESSAGE);
    assertThat(MockSchemaRegistry.getClientForScope(SCOPE).subjects())
        .containsExactly("outbound-messages-key");
  }

  @Test
  void recordNameStrategyUnderConfluentsClassNameGivesOneSubjectAcrossTopics() {
    SpecificAvroSerde<OutboundMessage> serde =
        serde(
            OutboundMessage.class,
            false,
            AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
            "io.confluent.kafka.serializers.subject.RecordNameStrategy");

    byte[] a = serde.serializer().serialize("outbound-messages", MESSAGE);
    byte[] b = serde.serializer().serialize("outbound-messages-retry", MESSAGE);

    assertThat(idOf(a)).isEqualTo(idOf(b));
    assertThat(MockSchemaRegistry.getClientForScope(SCOPE).subjects())
        .containsExactly("dev.fatigueguard.avro.OutboundMessage");
    assertThat(serde.deserializer().deserialize("outbound-messages-retry", b)).isEqualTo(MESSAGE);
  }

  @Test
  void strategiesAreAcceptedUnderEveryName() {
    Map<Object, String> expected =
        Map.of(
            RecordNameStrategy.class,
            "dev.fatigueguard.avro.OutboundMessage",
            "RecordNameStrategy",
            "dev.fatigueguard.avro.OutboundMessage",
            TopicRecordNameStrategy.class.getName(),
            "t-dev.fatigueguard.avro.OutboundMessage",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
            "t-dev.fatigueguard.avro.OutboundMessage",
            "io.confluent.kafka.serializers.subject.TopicNameStrategy",
            "t-key",
            TopicNameStrategy.class.getName(),
            "t-key");
    expected.forEach(
        (strategy, subject) -> {
          SubjectNameStrategy s =
              new AvroSerdeConfig(config(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, strategy))
                  .subjectNameStrategy(true);
          assertThat(s.subjectName("t", true, OutboundMessage.getClassSchema()))
              .as("%s", strategy)
              .isEqualTo(subject);
        });
    assertThat(new AvroSerdeConfig(config()).subjectNameStrategy(false))
        .isInstanceOf(TopicNameStrategy.class);
  }

  @Test
  void unknownStrategiesAreConfigErrors() {
    assertThatThrownBy(
            () ->
                serde(
                    OutboundMessage.class,
                    false,
                    AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                    "io.confluent.kafka.serializers.subject.ContextNameStrategy"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy");
    assertThatThrownBy(
            () ->
                serde(
                    OutboundMessage.class,
                    false,
                    AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                    "com.example.Nope"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown subject name strategy");
    assertThatThrownBy(
            () ->
                serde(
                    OutboundMessage.class,
                    false,
                    AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                    String.class.getName()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not implement dev.fatigueguard.serde.SubjectNameStrategy");
  }

  @Test
  void withoutUrlOrConfigurationItSaysWhatIsMissing() {
    assertThatThrownBy(
            () -> new SpecificAvroSerializer<OutboundMessage>().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> new SpecificAvroSerializer<OutboundMessage>().serialize("t", MESSAGE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not configured");
    assertThatThrownBy(
            () ->
                new SpecificAvroDeserializer<>(OutboundMessage.class)
                    .deserialize("t", new byte[] {0, 0, 0, 0, 1, 0}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not configured");
  }

  @Test
  void withoutAutoRegistrationTheSchemaMustAlreadyBeRegistered() {
    SpecificAvroSerde<OutboundMessage> serde =
        serde(OutboundMessage.class, false, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);

    assertThatThrownBy(() -> serde.serializer().serialize("outbound-messages", MESSAGE))
        .isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(SerializationException.class)
        .hasMessage(
            "Schema registry mock://serde-test answered POST /subjects/outbound-messages-value"
                + " (subject outbound-messages-value) with HTTP 404, error_code 40401:"
                + " Subject 'outbound-messages-value' not found.");

    MockSchemaRegistry.getClientForScope(SCOPE)
        .register("outbound-messages-value", ContactDecision.getClassSchema());
    int id =
        MockSchemaRegistry.getClientForScope(SCOPE)
            .register("outbound-messages-value", OutboundMessage.getClassSchema());
    assertThat(idOf(serde.serializer().serialize("outbound-messages", MESSAGE)))
        .isEqualTo(id)
        .isEqualTo(2);
    assertThat(MockSchemaRegistry.getClientForScope(SCOPE).allVersions("outbound-messages-value"))
        .hasSize(2);
  }

  @Test
  void derivesTheReaderClassFromTheWriterSchema() {
    SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
    serde.configure(config(), false);
    byte[] message = serde.serializer().serialize("mixed", MESSAGE);
    byte[] decision = serde.serializer().serialize("mixed", DECISION);

    assertThat(serde.deserializer().deserialize("mixed", message))
        .isInstanceOf(OutboundMessage.class)
        .isEqualTo(MESSAGE);
    assertThat(serde.deserializer().deserialize("mixed", decision))
        .isInstanceOf(ContactDecision.class)
        .isEqualTo(DECISION);
  }

  @Test
  void readerClassCanBeConfiguredByName() {
    SpecificAvroSerde<OutboundMessage> writer = serde(OutboundMessage.class, false);
    byte[] bytes = writer.serializer().serialize("outbound-messages", MESSAGE);

    SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
    deserializer.configure(
        config(
            AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
            OutboundMessage.class.getName(),
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            false),
        false);
    assertThat(deserializer.deserialize("outbound-messages", bytes)).isEqualTo(MESSAGE);

    assertThatThrownBy(
            () ->
                new SpecificAvroDeserializer<>()
                    .configure(config(AvroSerdeConfig.SPECIFIC_AVRO_READER, false), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only produces specific records");
    assertThatThrownBy(
            () ->
                new SpecificAvroDeserializer<>()
                    .configure(
                        config(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, String.class.getName()),
                        false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a generated Avro class");
  }

  @Test
  void aRecordThatCannotBeEncodedIsASerializationExceptionNamingTheField() {
    OutboundMessage broken = new OutboundMessage();
    broken.setCustomerId("c-1");
    SpecificAvroSerde<OutboundMessage> serde = serde(OutboundMessage.class, false);

    assertThatThrownBy(() -> serde.serializer().serialize("outbound-messages", broken))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageStartingWith(
            "Cannot serialize dev.fatigueguard.avro.OutboundMessage for topic outbound-messages"
                + " (subject outbound-messages-value, schema id 1): ")
        .hasMessageContaining("messageId");
    // The failed write must not leak into the next record's bytes.
    byte[] next = serde.serializer().serialize("outbound-messages", MESSAGE);
    assertThat(serde.deserializer().deserialize("outbound-messages", next)).isEqualTo(MESSAGE);
  }

  @Test
  void useLatestVersionWritesWithTheLatestSchemaAndItsId() {
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(SCOPE);
    Schema v2 = SchemaEvolutionTest.outboundWithLocaleInTheMiddle();
    registry.register("outbound-messages-value", OutboundMessage.getClassSchema());
    int v2Id = registry.register("outbound-messages-value", v2);
    SpecificAvroSerde<OutboundMessage> serde =
        serde(
            OutboundMessage.class,
            false,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            false,
            AvroSerdeConfig.USE_LATEST_VERSION,
            true);

    byte[] bytes = serde.serializer().serialize("outbound-messages", MESSAGE);

    assertThat(idOf(bytes)).isEqualTo(v2Id);
    // Written with v2's field order, so a v2 reader sees every field where it belongs.
    org.apache.avro.generic.GenericRecord asV2 = SchemaEvolutionTest.readGeneric(bytes, v2);
    assertThat(asV2.get("locale")).isNull();
    assertThat(asV2.get("customerId").toString()).isEqualTo(MESSAGE.getCustomerId());
    assertThat(asV2.get("priority")).isEqualTo(7);
    assertThat(serde.deserializer().deserialize("outbound-messages", bytes)).isEqualTo(MESSAGE);
  }

  @Test
  void useLatestVersionWithTheSameSchemaUsesItsId() {
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(SCOPE);
    registry.register("other-value", ContactDecision.getClassSchema());
    int id = registry.register("outbound-messages-value", OutboundMessage.getClassSchema());
    SpecificAvroSerde<OutboundMessage> serde =
        serde(
            OutboundMessage.class,
            false,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            false,
            AvroSerdeConfig.USE_LATEST_VERSION,
            true);

    assertThat(idOf(serde.serializer().serialize("outbound-messages", MESSAGE)))
        .isEqualTo(id)
        .isEqualTo(2);
  }

  @Test
  void useLatestVersionRefusesALatestSchemaThatCannotReadTheRecord() {
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(SCOPE);
    registry.register("outbound-messages-value", SchemaEvolutionTest.outboundWithRequiredField());
    SpecificAvroSerde<OutboundMessage> serde =
        serde(
            OutboundMessage.class,
            false,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            false,
            AvroSerdeConfig.USE_LATEST_VERSION,
            true);

    assertThatThrownBy(() -> serde.serializer().serialize("outbound-messages", MESSAGE))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "use.latest.version: dev.fatigueguard.avro.OutboundMessage cannot be written as"
                + " version 1 (schema id 1) of subject outbound-messages-value, which cannot read it:"
                + " READER_FIELD_MISSING_DEFAULT_VALUE at /fields/15: region");
  }

  @Test
  void autoRegistrationTakesPrecedenceOverUseLatestVersionAsInConfluentsSerde() {
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(SCOPE);
    registry.register(
        "outbound-messages-value", SchemaEvolutionTest.outboundWithLocaleInTheMiddle());
    SpecificAvroSerde<OutboundMessage> serde =
        serde(OutboundMessage.class, false, AvroSerdeConfig.USE_LATEST_VERSION, true);

    assertThat(idOf(serde.serializer().serialize("outbound-messages", MESSAGE))).isEqualTo(2);
    assertThat(registry.getLatestVersion("outbound-messages-value").schema())
        .isEqualTo(OutboundMessage.getClassSchema());
  }

  @Test
  void oneInstanceServesManyThreads() throws Exception {
    SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
    serde.configure(config(), false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(
            () -> {
              // Each thread copies the shared fixtures once, under a lock: Avro's deep copy of a
              // bytes field moves the source ByteBuffer's position, so concurrent copies of one
              // record race in the test itself (not in the serde).
              OutboundMessage message;
              ContactDecision decision;
              synchronized (SpecificAvroSerdeTest.class) {
                message = OutboundMessage.newBuilder(MESSAGE).build();
                decision = ContactDecision.newBuilder(DECISION).build();
              }
              for (int i = 0; i < 2_000; i++) {
                SpecificRecord record =
                    i % 2 == 0
                        ? OutboundMessage.newBuilder(message)
                            .setMessageId("m-" + thread + "-" + i)
                            .build()
                        : ContactDecision.newBuilder(decision)
                            .setMessageId("m-" + thread + "-" + i)
                            .build();
                String topic = i % 3 == 0 ? "a" : "b";
                SpecificRecord back =
                    serde
                        .deserializer()
                        .deserialize(topic, serde.serializer().serialize(topic, record));
                if (!record.equals(back)) {
                  throw new AssertionError(
                      "thread " + thread + " record " + i + " came back as " + back);
                }
              }
              return thread;
            });
      }
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void warmSerdesDoNotAskTheRegistryAgain() {
    AtomicInteger calls = new AtomicInteger();
    SchemaRegistryClient mock = MockSchemaRegistry.getClientForScope(SCOPE);
    SchemaRegistryClient counting =
        new SchemaRegistryClient() {
          @Override
          public int register(String subject, Schema schema) {
            calls.incrementAndGet();
            return mock.register(subject, schema);
          }

          @Override
          public int getId(String subject, Schema schema) {
            calls.incrementAndGet();
            return mock.getId(subject, schema);
          }

          @Override
          public Schema getSchemaById(int id) {
            calls.incrementAndGet();
            return mock.getSchemaById(id);
          }

          @Override
          public RegisteredSchema getLatestVersion(String subject) {
            calls.incrementAndGet();
            return mock.getLatestVersion(subject);
          }

          @Override
          public boolean isCompatible(String subject, Schema schema) {
            calls.incrementAndGet();
            return mock.isCompatible(subject, schema);
          }
        };
    SpecificAvroSerde<OutboundMessage> serde =
        new SpecificAvroSerde<>(counting, OutboundMessage.class);

    for (int i = 0; i < 1_000; i++) {
      OutboundMessage m =
          OutboundMessage.newBuilder(MESSAGE)
              .setChannel(Channel.values()[i % Channel.values().length])
              .setCreatedAt(Instant.ofEpochMilli(i))
              .build();
      assertThat(
              serde
                  .deserializer()
                  .deserialize(
                      "outbound-messages", serde.serializer().serialize("outbound-messages", m)))
          .isEqualTo(m);
    }
    assertThat(calls).as("one register, one lookup by id").hasValue(2);
  }
}
