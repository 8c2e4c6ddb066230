package dev.fatigueguard.bench.e2e;

import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.serde.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The engine's limit for this workload: read each message, decode its Avro value and encode it
 * again with the guard's own serde, write it out. The guard must decode every message to judge it,
 * so a raw byte copy would measure an engine that cannot exist for this product; decode + encode is
 * the cheapest topology that does the work any guard has to do. No state, one output record per
 * input.
 */
public final class PassThroughTopology {

  private PassThroughTopology() {}

  public static Topology build(
      String input, String output, SpecificAvroSerde<OutboundMessage> serde) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), serde))
        .to(output, Produced.with(Serdes.String(), serde));
    return builder.build();
  }
}
