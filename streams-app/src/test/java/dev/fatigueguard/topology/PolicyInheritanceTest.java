package dev.fatigueguard.topology;

import static dev.fatigueguard.topology.GuardDriver.T0;
import static dev.fatigueguard.topology.GuardDriver.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.Decision;
import dev.fatigueguard.avro.DropReason;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Settings a tenant policy leaves out reach the live guard from the default policy. */
class PolicyInheritanceTest {

  private GuardDriver guard;

  @BeforeEach
  void start() {
    guard = new GuardDriver();
  }

  @AfterEach
  void stop() {
    guard.close();
  }

  @Test
  void aTenantThatLeavesOutTheOverflowActionDropsWhenTheDefaultPolicySaysDrop() {
    guard.policy(
        """
        {"tenant":"default","overflowAction":"DROP","caps":[{"id":"hourly","max":1,"window":"PT1H"}]}""");
    guard.policy(
        """
        {"tenant":"acme","defaultZone":"Europe/Berlin"}""");

    guard.send(message("m1", "c1").setTenant("acme").build(), T0);
    guard.send(message("m2", "c1").setTenant("acme").build(), T0.plusSeconds(60));

    List<ContactDecision> decisions = guard.decisions();
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(1).getDecision()).isEqualTo(Decision.DROPPED);
    assertThat(decisions.get(1).getReason()).isEqualTo(DropReason.CAP_EXCEEDED);
    assertThat(decisions.get(1).getDetail()).endsWith("overflow action is DROP");
  }
}
