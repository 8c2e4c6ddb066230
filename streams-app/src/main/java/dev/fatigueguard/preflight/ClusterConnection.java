package dev.fatigueguard.preflight;

import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;

/**
 * An admin client whose every call gives up after {@code guard.preflight.timeout}, and the first
 * question asked of the cluster: does any broker answer at all, and who is it.
 */
public final class ClusterConnection implements AutoCloseable {

  /** What answered: the cluster, its brokers, and what this principal may do on the cluster. */
  public record Description(
      String clusterId,
      Collection<Node> brokers,
      String securityProtocol,
      Set<AclOperation> authorizedOperations) {}

  private final Admin admin;
  private final String bootstrapServers;
  private final String securityProtocol;
  private final PreflightTimeout timeout;

  private ClusterConnection(
      Admin admin, String bootstrapServers, String securityProtocol, PreflightTimeout timeout) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.securityProtocol = securityProtocol;
    this.timeout = timeout;
  }

  /**
   * Opens the admin client. A TCP connection to each bootstrap address comes first, so an address
   * where nothing listens fails at once, naming the setting, instead of after the whole timeout.
   */
  public static ClusterConnection open(GuardConfig config) {
    PreflightTimeout timeout = PreflightTimeout.of(config);
    Properties p = ClientProperties.admin(config.streamsProperties());
    String bootstrap = p.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    String protocol =
        p.getProperty(
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
    int ms = timeout.millis();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(ms, 10_000));
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(ms, 10_000));
    p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "fatigue-guard-preflight");
    String refusals = refusedEverywhere(bootstrap, timeout);
    if (refusals != null) {
      throw new UnreachableException(
          "bootstrap.servers=" + bootstrap + ": no broker answered (" + refusals + ")", null);
    }
    try {
      return new ClusterConnection(Admin.create(p), bootstrap, protocol, timeout);
    } catch (KafkaException e) {
      throw new UnreachableException("bootstrap.servers=" + bootstrap + ": " + rootMessage(e), e);
    }
  }

  public Admin admin() {
    return admin;
  }

  public PreflightTimeout timeout() {
    return timeout;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Asks the cluster to describe itself. An address that accepts connections but never speaks Kafka
   * to this client (a listener expecting TLS or SASL) fails after the timeout.
   */
  public Description describe() {
    DescribeClusterResult result =
        admin.describeCluster(
            new DescribeClusterOptions()
                .timeoutMs(timeout.millis())
                .includeAuthorizedOperations(true));
    try {
      String id = result.clusterId().get(timeout.millis() + 1_000L, TimeUnit.MILLISECONDS);
      Collection<Node> nodes = result.nodes().get();
      Set<AclOperation> operations = result.authorizedOperations().get();
      return new Description(id, nodes, securityProtocol, operations);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException("interrupted while asking " + bootstrapServers, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException
          || cause instanceof TimeoutException) {
        throw new UnreachableException(
            "bootstrap.servers="
                + bootstrapServers
                + ": no broker answered within "
                + timeout.text()
                + " (security.protocol="
                + securityProtocol
                + "; the address accepts connections, so a listener expecting TLS or SASL is"
                + " likely)",
            cause);
      }
      throw new UnreachableException(
          "bootstrap.servers="
              + bootstrapServers
              + " (security.protocol="
              + securityProtocol
              + "): "
              + rootMessage(cause),
          cause);
    }
  }

  /** Fails with a line naming the topic and how to create it when it does not exist. */
  void requireTopic(String topic) {
    try {
      admin
          .describeTopics(
              List.of(topic),
              new org.apache.kafka.clients.admin.DescribeTopicsOptions()
                  .timeoutMs(timeout.millis()))
          .allTopicNames()
          .get(timeout.millis() + 1_000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        throw new IllegalStateException(
            "topic "
                + topic
                + " does not exist; create the guard's topics first: fatigue-guard topics --config"
                + " FILE --create",
            e.getCause());
      }
      throw new IllegalStateException(
          "cannot describe topic " + topic + ": " + rootMessage(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new UnreachableException(
          "bootstrap.servers="
              + bootstrapServers
              + ": topic "
              + topic
              + " not described within "
              + timeout.text(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + topic, e);
    }
  }

  /** Null when some bootstrap address accepts a TCP connection; else why none did. */
  private static String refusedEverywhere(String bootstrapServers, PreflightTimeout timeout) {
    List<String> problems = new ArrayList<>();
    String[] addresses = bootstrapServers.split(",");
    int perAddress = Math.max(500, timeout.millis() / Math.max(1, addresses.length));
    for (String address : addresses) {
      String a = address.trim();
      int colon = a.lastIndexOf(':');
      if (colon <= 0) {
        problems.add(a + ": not host:port");
        continue;
      }
      String host = a.substring(0, colon).replace("[", "").replace("]", "");
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(host, Integer.parseInt(a.substring(colon + 1))), perAddress);
        return null;
      } catch (UnknownHostException e) {
        problems.add(a + ": unknown host");
      } catch (ConnectException e) {
        problems.add(a + ": connection refused");
      } catch (SocketTimeoutException e) {
        problems.add(a + ": no answer within " + perAddress + " ms");
      } catch (IOException | IllegalArgumentException e) {
        problems.add(a + ": " + e.getMessage());
      }
    }
    return String.join("; ", problems);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ZERO);
  }
}
