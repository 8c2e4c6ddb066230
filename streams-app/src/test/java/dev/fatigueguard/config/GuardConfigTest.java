package dev.fatigueguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardConfigTest {

  private static final Map<String, String> MINIMAL =
      Map.of(
          "bootstrap.servers", "kafka:9092",
          "schema.registry.url", "http://registry:8081");

  @Test
  void exactlyOnceV2IsTheDefaultGuarantee() {
    GuardConfig config = GuardConfig.of(MINIMAL, Map.of());
    assertThat(config.streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.applicationId()).isEqualTo("fatigue-guard");
  }

  @Test
  void everyNonGuardKeyPassesThroughUntouchedAndGuardKeysStayOut(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("guard.properties");
    Files.writeString(
        file,
        """
        bootstrap.servers=kafka:9092
        schema.registry.url=http://registry:8081
        basic.auth.credentials.source=USER_INFO
        basic.auth.user.info=me:secret
        num.standby.replicas=1
        producer.compression.type=zstd
        some.custom.interceptor.setting=42
        guard.topic.input=sends
        """);
    GuardConfig config = GuardConfig.load(file, Map.of());
    var props = config.streamsProperties();
    assertThat(props)
        .containsEntry("num.standby.replicas", "1")
        .containsEntry("producer.compression.type", "zstd")
        .containsEntry("some.custom.interceptor.setting", "42")
        .containsEntry("basic.auth.user.info", "me:secret")
        .doesNotContainKey("guard.topic.input");
    assertThat(config.topic(GuardSetting.TOPIC_INPUT)).isEqualTo("sends");
    assertThat(config.serdeConfig()).containsEntry("schema.registry.url", "http://registry:8081");
    assertThat(config.describe()).containsEntry("basic.auth.user.info", "[hidden]");
  }

  @Test
  void environmentOverridesTheFile() {
    GuardConfig config =
        GuardConfig.of(
            MINIMAL,
            Map.of(
                "FATIGUE_GUARD_BOOTSTRAP_SERVERS", "other:9093",
                "FATIGUE_GUARD_GUARD_DEDUP_WINDOW", "PT12H",
                "FATIGUE_GUARD_GUARD_APPROVED_PER__CHANNEL", "true",
                "UNRELATED", "x"));
    assertThat(config.streamsProperties().getProperty("bootstrap.servers")).isEqualTo("other:9093");
    assertThat(config.duration(GuardSetting.DEDUP_WINDOW)).hasHours(12);
    assertThat(config.flag(GuardSetting.APPROVED_PER_CHANNEL)).isTrue();
    // Only FATIGUE_GUARD_-prefixed variables count: nothing else in the environment leaks in.
    assertThat(config.streamsProperties())
        .doesNotContainKeys("unrelated", "UNRELATED")
        .doesNotContainValue("x");
  }

  @Test
  void invalidSettingsFailAtStartNamingTheKey() {
    assertThatThrownBy(() -> GuardConfig.of(Map.of("schema.registry.url", "mock://x"), Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> GuardConfig.of(with("guard.dedup.window", "24h"), Map.of()))
        .hasMessageContaining("guard.dedup.window")
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> GuardConfig.of(with("guard.topic.inptu", "x"), Map.of()))
        .hasMessageContaining("guard.topic.inptu: unknown guard setting");
    assertThatThrownBy(() -> GuardConfig.of(with("guard.topic.approved", "bad topic!"), Map.of()))
        .hasMessageContaining("guard.topic.approved");
    assertThatThrownBy(
            () -> GuardConfig.of(with("processing.guarantee", "exactly_twice"), Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("processing.guarantee");
    assertThatThrownBy(() -> GuardConfig.of(with("num.stream.threads", "many"), Map.of()))
        .hasMessageContaining("num.stream.threads");
  }

  @Test
  void theRocksDbBudgetIsASizeOfAtLeast16MiBOrUnbounded() {
    assertThat(
            GuardConfig.of(with("guard.rocksdb.memory", "1GiB"), Map.of())
                .get(GuardSetting.ROCKSDB_MEMORY))
        .isEqualTo("1GiB");
    assertThat(
            ByteSize.isUnbounded(
                GuardConfig.of(with("guard.rocksdb.memory", "unbounded"), Map.of())
                    .get(GuardSetting.ROCKSDB_MEMORY)))
        .isTrue();
    assertThatThrownBy(() -> GuardConfig.of(with("guard.rocksdb.memory", "8MiB"), Map.of()))
        .hasMessageContaining("guard.rocksdb.memory")
        .hasMessageContaining("unbounded");
    assertThatThrownBy(() -> GuardConfig.of(with("guard.rocksdb.memory", "unlimited"), Map.of()))
        .hasMessageContaining("guard.rocksdb.memory");
  }

  @Test
  void aMissingFileIsReportedWithItsPath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> GuardConfig.load(missing, Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void environmentVariableNamesMapToKeys() {
    assertThat(GuardConfig.keyOfEnvironmentVariable("FATIGUE_GUARD_SCHEMA_REGISTRY_URL"))
        .isEqualTo("schema.registry.url");
    assertThat(
            GuardConfig.keyOfEnvironmentVariable(
                "FATIGUE_GUARD_GUARD_RELEASE_MAX__PER__PUNCTUATION"))
        .isEqualTo("guard.release.max-per-punctuation");
  }

  @Test
  void loggingVariablesAreLeftToLogbackAndNeverReachKafka() {
    GuardConfig config =
        GuardConfig.of(
            MINIMAL,
            Map.of("FATIGUE_GUARD_LOG_FORMAT", "json", "FATIGUE_GUARD_LOG_LEVEL", "DEBUG"));
    assertThat(config.streamsProperties()).doesNotContainKeys("log.format", "log.level");
  }

  @Test
  void theImageEntryPointsVariablesAreLeftToItAndNeverReachKafka() {
    GuardConfig config =
        GuardConfig.of(
            MINIMAL,
            Map.of(
                "FATIGUE_GUARD_IMAGE_CDS", "off",
                "FATIGUE_GUARD_IMAGE_CDS_DIR", "/var/lib/fatigue-guard/.cds",
                "FATIGUE_GUARD_NUM_STANDBY_REPLICAS", "2"));
    assertThat(config.streamsProperties())
        .doesNotContainKeys("image.cds", "image.cds.dir")
        .containsEntry("num.standby.replicas", "2");
  }

  private static Map<String, String> with(String key, String value) {
    var m = new java.util.HashMap<>(MINIMAL);
    m.put(key, value);
    return m;
  }
}
