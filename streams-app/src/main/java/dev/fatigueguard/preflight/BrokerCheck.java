package dev.fatigueguard.preflight;

import java.util.stream.Collectors;

/** The first check: which cluster answered the bootstrap address, over which protocol. */
final class BrokerCheck {

  static final String NAME = "broker";

  private BrokerCheck() {}

  static CheckResult answered(ClusterConnection cluster, ClusterConnection.Description d) {
    String brokers =
        d.brokers().stream()
            .map(n -> n.host() + ":" + n.port())
            .sorted()
            .collect(Collectors.joining(", "));
    return CheckResult.pass(
        NAME,
        "bootstrap.servers="
            + cluster.bootstrapServers()
            + " answered over security.protocol="
            + d.securityProtocol()
            + ": cluster "
            + d.clusterId()
            + ", "
            + d.brokers().size()
            + (d.brokers().size() == 1 ? " broker" : " brokers")
            + " advertised as "
            + brokers);
  }

  static CheckResult unreachable(UnreachableException e) {
    return CheckResult.fail(
        NAME,
        e.getMessage(),
        "check bootstrap.servers, and security.protocol with its ssl.* / sasl.* settings if the"
            + " listener needs TLS or SASL; "
            + "guard.preflight.timeout sets how long to wait");
  }

  /** Stands for the checks that need a broker when none answered. */
  static CheckResult notChecked(String what) {
    return CheckResult.note(what, "not checked: no broker answered");
  }
}
