package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fatigueguard.avro.ContactPolicy;
import dev.fatigueguard.avro.OverflowAction;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMappingTest {

  @Test
  void settingsAPolicyLeavesOutSurviveTheTopicAsLeftOut() {
    Policy acme = PolicyJson.readPolicy("{\"tenant\":\"acme\",\"defaultZone\":\"Europe/Berlin\"}");

    ContactPolicy avro = ModelMapping.toAvro(acme);

    assertThat(avro.getInheritedSettings())
        .containsExactly(
            "overflowAction", "maxDelay", "exemptCategories", "requiredCategories", "countExempt");
    // Readers that predate inheritedSettings see the format's defaults, as they always did.
    assertThat(avro.getMaxDelay()).isEqualTo("P3D");
    assertThat(avro.getOverflowAction()).isEqualTo(OverflowAction.DELAY);
    assertThat(ModelMapping.policy(avro)).isEqualTo(acme);
  }

  @Test
  void sendWindowsAndIncludedPresetsSurviveTheTopics() {
    Policy acme =
        PolicyJson.readPolicy(
            """
            {"tenant":"acme","include":["us-tcpa"],
             "sendWindows":[{"id":"office","start":"09:00","end":"18:00","days":["MON","FRI"],
                             "channels":["SMS"],"categories":["MARKETING"],"tags":["promo"]}]}""");
    CustomerPreferences prefs =
        PolicyJson.readPreferences(
            """
            {"customerId":"c-1","sendWindows":[{"id":"late","start":"22:00","end":"01:00"}]}""");

    ContactPolicy avro = ModelMapping.toAvro(acme);

    assertThat(avro.getInclude()).containsExactly("us-tcpa");
    assertThat(avro.getSendWindows().get(0).getDays()).containsExactly("MONDAY", "FRIDAY");
    assertThat(ModelMapping.policy(avro)).isEqualTo(acme);
    assertThat(ModelMapping.preferences(ModelMapping.toAvro(prefs))).isEqualTo(prefs);
  }

  @Test
  void aSendWindowOnAChannelTheTopicsDoNotKnowIsNamed() {
    Policy policy =
        PolicyJson.readPolicy(
            """
            {"tenant":"acme","sendWindows":[{"id":"w","start":"09:00","end":"18:00","channels":["FAX"]}]}""");

    assertThatThrownBy(() -> ModelMapping.toAvro(policy))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("sendWindows[0].channels: unknown channel 'FAX'");
  }

  @Test
  void aRecordWrittenBeforeInheritanceHasEverySettingExplicit() {
    ContactPolicy old =
        ContactPolicy.newBuilder().setTenant("acme").setInheritedSettings(List.of()).build();

    Policy policy = ModelMapping.policy(old);

    assertThat(policy.leftOut()).isEmpty();
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void aCalendarCapTravelsAsItsPeriodWithTheNearestRollingWindowForOldReaders() {
    Policy policy =
        PolicyJson.readPolicy(
            "{\"tenant\":\"acme\",\"caps\":[{\"id\":\"weekly\",\"max\":2,\"period\":\"WEEK\"}]}");

    ContactPolicy avro = ModelMapping.toAvro(policy);

    assertThat(avro.getCaps().get(0).getPeriod()).isEqualTo("WEEK");
    assertThat(avro.getCaps().get(0).getWindow()).isEqualTo("P7D");
    assertThat(ModelMapping.policy(avro)).isEqualTo(policy);
  }

  @Test
  void campaignScopesAndPerCampaignCapsTravelBothWays() {
    Policy policy =
        PolicyJson.readPolicy(
            """
            {"tenant":"acme",
             "caps":[{"id":"per-campaign","max":1,"window":"P7D","perCampaign":true,
                      "campaigns":["spring","easter"]}],
             "quietHours":[{"id":"q","start":"21:00","end":"08:00","campaigns":["spring"]}]}""");

    ContactPolicy avro = ModelMapping.toAvro(policy);

    assertThat(avro.getCaps().get(0).getPerCampaign()).isTrue();
    assertThat(avro.getCaps().get(0).getCampaigns()).containsExactly("easter", "spring");
    assertThat(avro.getQuietHours().get(0).getCampaigns()).containsExactly("spring");
    assertThat(ModelMapping.policy(avro)).isEqualTo(policy);
  }

  @Test
  void anUnknownInheritedSettingIsNamed() {
    ContactPolicy bad =
        ContactPolicy.newBuilder().setTenant("acme").setInheritedSettings(List.of("zone")).build();

    assertThatThrownBy(() -> ModelMapping.policy(bad))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("inheritedSettings[0]");
  }
}
