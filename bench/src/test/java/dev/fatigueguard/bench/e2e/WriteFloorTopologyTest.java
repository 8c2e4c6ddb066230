package dev.fatigueguard.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The floor must write what it claims per message, or the bound it gives is wrong. */
class WriteFloorTopologyTest {

  @Test
  void everyMessageIsForwardedAsSentDecidedOnceAndStoredForItsCustomer() {
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://write-floor-test");
    SpecificAvroSerde<OutboundMessage> messages = new SpecificAvroSerde<>(OutboundMessage.class);
    messages.configure(serdeConfig, false);
    SpecificAvroSerde<ContactDecision> decisions = new SpecificAvroSerde<>(ContactDecision.class);
    decisions.configure(serdeConfig, false);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-floor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

    Workload workload = new Workload(10, 7);
    long at = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    OutboundMessage first = workload.nextFor("customer-a", at);
    OutboundMessage second = workload.nextFor("customer-a", at + 1000);
    OutboundMessage other = workload.nextFor("customer-b", at + 2000);

    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            WriteFloorTopology.build("in", "approved", "decisions", messages, decisions), props)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              "in", Serdes.String().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, byte[]> approved =
          driver.createOutputTopic(
              "approved", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
      TestOutputTopic<String, ContactDecision> decided =
          driver.createOutputTopic(
              "decisions", Serdes.String().deserializer(), decisions.deserializer());
      List<byte[]> sent =
          List.of(
              messages.serializer().serialize("in", first),
              messages.serializer().serialize("in", second),
              messages.serializer().serialize("in", other));
      for (byte[] bytes : sent) {
        in.pipeInput("sender-key", bytes);
      }

      var forwarded = approved.readKeyValuesToList();
      assertThat(forwarded)
          .extracting(kv -> kv.key)
          .containsExactly("customer-a", "customer-a", "customer-b");
      assertThat(forwarded).extracting(kv -> kv.value).containsExactlyElementsOf(sent);
      assertThat(decided.readValuesToList())
          .extracting(
              ContactDecision::getMessageId,
              ContactDecision::getCustomerId,
              ContactDecision::getDecision)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  first.getMessageId(), "customer-a", Decision.APPROVED),
              org.assertj.core.groups.Tuple.tuple(
                  second.getMessageId(), "customer-a", Decision.APPROVED),
              org.assertj.core.groups.Tuple.tuple(
                  other.getMessageId(), "customer-b", Decision.APPROVED));
      KeyValueStore<String, byte[]> state = driver.getKeyValueStore(WriteFloorTopology.STORE);
      assertThat(new String(state.get("customer-a"), StandardCharsets.UTF_8))
          .isEqualTo(second.getMessageId());
      assertThat(new String(state.get("customer-b"), StandardCharsets.UTF_8))
          .isEqualTo(other.getMessageId());
    }
  }
}
