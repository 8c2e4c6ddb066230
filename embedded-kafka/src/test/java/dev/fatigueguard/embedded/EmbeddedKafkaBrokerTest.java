package dev.fatigueguard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerTest {

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void startsAsOneKraftNodeOnLoopback() throws Exception {
    assertThat(broker.isRunning()).isTrue();
    assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
    assertThat(broker.controllerPort()).isNotEqualTo(broker.port());
    assertThat(broker.startupTime()).isPositive();
    assertThat(broker.directory().resolve("data").resolve("meta.properties")).isRegularFile();

    try (Admin admin = Admin.create(broker.clientConfig())) {
      DescribeClusterResult cluster = admin.describeCluster();
      List<Node> nodes = List.copyOf(cluster.nodes().get());
      assertThat(nodes).hasSize(1);
      assertThat(nodes.get(0).port()).isEqualTo(broker.port());
      assertThat(cluster.controller().get()).isNotNull();
    }
  }

  @Test
  void committedTransactionIsReadExactlyWithReadCommitted() {
    ExactlyOnceChecks.committedTransactionIsReadExactly(broker);
  }

  @Test
  void abortedTransactionIsInvisibleToReadCommitted() {
    ExactlyOnceChecks.abortedTransactionIsInvisibleToReadCommitted(broker);
  }

  @Test
  void createsCompactedTopicWithItsConfig() throws Exception {
    ExactlyOnceChecks.compactedTopicHasItsConfig(broker);
  }

  @Test
  void uniqueTopicsDoNotCollide() {
    String first = broker.createUniqueTopic("orders", 2);
    String second = broker.createUniqueTopic("orders", 2);

    assertThat(first).startsWith("orders-").isNotEqualTo(second);
    assertThatThrownBy(() -> broker.createTopic(first, 1))
        .hasMessageContaining(first)
        .hasMessageContaining("already exists");
  }

  @Test
  void quietsUnconfiguredBrokerLoggersAndKeepsConfiguredOnes() {
    var kafkaLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("kafka");
    var controllerLogger =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka.controller");
    var configuredInLogbackTestXml =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka.storage");

    assertThat(kafkaLogger.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    assertThat(controllerLogger.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    assertThat(configuredInLogbackTestXml.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
  }

  @Test
  void fixedPortOverridesAndCloseStopsTheBrokerAndDeletesItsDirectory() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path directory;
    try (EmbeddedKafkaBroker fixed =
        EmbeddedKafkaBroker.builder()
            .port(port)
            .brokerProperty("auto.create.topics.enable", "false")
            .start()) {
      directory = fixed.directory();
      assertThat(fixed.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(directory).isDirectory();
      try (Admin admin = Admin.create(fixed.clientConfig())) {
        String nodeId = admin.describeCluster().nodes().get().iterator().next().idString();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
        var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
        assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
      }
    }

    assertThat(directory).doesNotExist();
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getInputStream();
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void closedBrokerRefusesTopicCreationAndClosesTwiceQuietly() throws IOException {
    EmbeddedKafkaBroker closed = EmbeddedKafkaBroker.start();
    closed.close();
    closed.close();

    assertThat(closed.isRunning()).isFalse();
    assertThat(Files.exists(closed.directory())).isFalse();
    assertThatThrownBy(() -> closed.createTopic("too-late", 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fixedPortInUseFailsFastWithThePort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(port).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("in use");
    }
  }

  @Test
  void managedPropertiesCannotBeOverridden() {
    assertThatThrownBy(
            () -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listeners");
  }
}
