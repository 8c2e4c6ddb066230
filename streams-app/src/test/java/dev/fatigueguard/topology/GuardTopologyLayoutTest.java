package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * What an upgrade must find unchanged in the guard's topology: its sub-topologies (task ids and
 * state directories follow their numbering; the global policy store takes number 0), the topics
 * each reads, the stores each holds (their changelogs are named after them) and the repartition
 * topic. A change that moves any of these leaves a running deployment's state and internal topics
 * behind.
 */
class GuardTopologyLayoutTest {

  /** Each sub-topology: the topics it reads, the stores it holds, the topics it writes. */
  private static List<String> layout(GuardConfig config) {
    TopologyDescription description =
        GuardTopology.build(config, new GuardSerdes(config.serdeConfig()), letter -> {}).describe();

    List<String> layout = new ArrayList<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      TreeSet<String> sources = new TreeSet<>();
      TreeSet<String> stores = new TreeSet<>();
      TreeSet<String> sinkTopics = new TreeSet<>();
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          sources.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Processor processor) {
          stores.addAll(processor.stores());
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          sinkTopics.add(sink.topic());
        }
      }
      layout.add(sub.id() + " reads " + sources + " holds " + stores + " writes " + sinkTopics);
    }

    return layout;
  }

  @Test
  void subTopologiesSourcesStoresAndInternalTopicsStayAsDeployed() {
    GuardConfig config =
        GuardConfig.of(
            Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.APPLICATION_ID_CONFIG, "guard-layout",
                GuardConfig.SCHEMA_REGISTRY_URL, "mock://layout-" + UUID.randomUUID()),
            Map.of());
    assertThat(layout(config))
        .containsExactly(
            "1 reads [contact-preferences, outbound-messages,"
                + " outbound-messages-by-customer-repartition]"
                + " holds [contact-ledger, customer-preferences, held-messages, held-schedule]"
                + " writes [contact-decisions, fatigue-metrics, outbound-messages-approved,"
                + " outbound-messages-by-customer-repartition, outbound-messages-dlq,"
                + " outbound-messages-suppressed]");
  }

  @Test
  void inputKeyedByCustomerDropsOnlyTheRepartitionTopic() {
    GuardConfig config =
        GuardConfig.of(
            Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                "unused:9092",
                StreamsConfig.APPLICATION_ID_CONFIG,
                "guard-layout",
                GuardConfig.SCHEMA_REGISTRY_URL,
                "mock://layout-" + UUID.randomUUID(),
                GuardSetting.INPUT_KEYED_BY_CUSTOMER.key(),
                "true"),
            Map.of());

    assertThat(layout(config))
        .containsExactly(
            "1 reads [contact-preferences, outbound-messages]"
                + " holds [contact-ledger, customer-preferences, held-messages, held-schedule]"
                + " writes [contact-decisions, fatigue-metrics, outbound-messages-approved,"
                + " outbound-messages-dlq, outbound-messages-suppressed]");
  }
}
