package dev.fatigueguard.bench.jmh;

import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.avro.SuppressedMessage;
import dev.fatigueguard.avro.WindowCount;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.serde.registry.MockSchemaRegistry;
import dev.fatigueguard.topology.GuardSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit event every judged message writes, and the suppressed copy every dropped one writes:
 * through the guard's serializers (field by field) and through serializers with Avro's own writer,
 * same registry, same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionEventBenchmark {

  private static final String SCOPE = "jmh-decision-events";

  private ContactDecision decision;
  private SuppressedMessage suppressed;
  private Serializer<ContactDecision> guardDecisions;
  private Serializer<SuppressedMessage> guardSuppressed;
  private Serializer<ContactDecision> avroDecisions;
  private Serializer<SuppressedMessage> avroSuppressed;

  @Setup
  public void setUp() {
    Map<String, String> config = Map.of("schema.registry.url", MockSchemaRegistry.SCHEME + SCOPE);
    GuardSerdes serdes = new GuardSerdes(config);
    guardDecisions = serdes.decision().serializer();
    guardSuppressed = serdes.suppressed().serializer();
    MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(SCOPE);
    avroDecisions = new SpecificAvroSerializer<>(registry);
    avroSuppressed = new SpecificAvroSerializer<>(registry);

    Instant at = Instant.parse("2026-11-20T09:30:00Z");
    OutboundMessage message =
        OutboundMessage.newBuilder()
            .setMessageId("msg-000123456")
            .setCustomerId("cust-0004711")
            .setTenant("acme")
            .setChannel(Channel.SMS)
            .setCategory("MARKETING")
            .setCampaignId("black-friday")
            .setCreatedAt(at.minusSeconds(2))
            .build();
    // The e2e policy's caps, as a dropped SMS sees them.
    decision =
        new ContactDecision(
            message.getMessageId(),
            message.getCustomerId(),
            message.getTenant(),
            message.getChannel(),
            message.getCategory(),
            message.getCampaignId(),
            Decision.DROPPED,
            DropReason.CAP_EXCEEDED,
            "default/daily",
            "4 of 4 contacts within P1D",
            List.of(
                new WindowCount("default/hourly", 1, 2, "PT1H"),
                new WindowCount("default/daily", 4, 4, "P1D"),
                new WindowCount("default/weekly", 7, 10, "P7D"),
                new WindowCount("default/monthly", 12, 25, "P30D"),
                new WindowCount("default/sms-gap", 0, 1, "PT16H")),
            at,
            null,
            null,
            message.getCreatedAt(),
            0);
    suppressed = new SuppressedMessage(message, decision);
  }

  @Benchmark
  public byte[] decisionGuardWriter() {
    return guardDecisions.serialize("decisions", decision);
  }

  @Benchmark
  public byte[] decisionAvroWriter() {
    return avroDecisions.serialize("decisions", decision);
  }

  @Benchmark
  public byte[] suppressedGuardWriter() {
    return guardSuppressed.serialize("suppressed", suppressed);
  }

  @Benchmark
  public byte[] suppressedAvroWriter() {
    return avroSuppressed.serialize("suppressed", suppressed);
  }
}
