package dev.fatigueguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fatigue-guard load} against a real broker, configured by a guard properties file. */
@WithKafka
class LoadCommandIT {

  @Test
  void sendsTheDemoMixToTheConfiguredInputTopicForTheGivenCustomers(
      KafkaEndpoint kafka, @TempDir Path tmp) throws Exception {
    String run = KafkaEndpoint.uniqueName("load");
    String input = run + ".outbound-messages";
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(input, 2, (short) 1))).all().get();
    }
    Path config = tmp.resolve("guard.properties");
    Files.writeString(
        config,
        "bootstrap.servers="
            + kafka.bootstrapServers()
            + "\n"
            + GuardConfig.SCHEMA_REGISTRY_URL
            + "=mock://"
            + run
            + "\n"
            + GuardSetting.TOPIC_INPUT.key()
            + "="
            + input
            + "\n");

    StringWriter out = new StringWriter();
    int exit =
        DemoMain.commandLine()
            .setOut(new PrintWriter(out))
            .execute(
                "load",
                "--config",
                config.toString(),
                "--rate",
                "100",
                "--customers",
                "7",
                "--duration",
                "PT2S");

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("sending 100 messages/s to " + input + " for 7 customers");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-reader");
    Set<String> keys = new HashSet<>();
    int records = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(input));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records < 100 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          records++;
          if (r.key() != null) {
            keys.add(r.key());
          }
        }
      }
    }
    assertThat(records).as("about two seconds at 100/s").isGreaterThanOrEqualTo(100);
    assertThat(keys).isNotEmpty().allMatch(k -> k.matches("c-00000[1-7]"));
  }

  @Test
  void refusesANonPositiveRate() {
    StringWriter err = new StringWriter();
    int exit =
        DemoMain.commandLine()
            .setErr(new PrintWriter(err))
            .execute("load", "--config", "x.properties", "--rate", "0");
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("--rate");
  }
}
