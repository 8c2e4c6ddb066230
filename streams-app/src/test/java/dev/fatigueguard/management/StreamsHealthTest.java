package dev.fatigueguard.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

class StreamsHealthTest {

  private State state = State.CREATED;
  private boolean storeAnswers = true;
  private final StreamsHealth health = new StreamsHealth();

  StreamsHealthTest() {
    health.attach(
        new StreamsHealth.Client() {
          @Override
          public State state() {
            return state;
          }

          @Override
          public void queryPolicyStore() {
            if (!storeAnswers) {
              throw new InvalidStateStoreException("not yet");
            }
          }
        });
  }

  @Test
  void beforeAClientIsAttachedTheInstanceIsLiveButNotReady() {
    StreamsHealth fresh = new StreamsHealth();
    assertThat(fresh.live().up()).isTrue();
    assertThat(fresh.ready().up()).isFalse();
  }

  @Test
  void theFirstRestoreKeepsItLiveButNotReady() {
    state = State.REBALANCING;
    assertThat(health.live().up()).isTrue();
    assertThat(health.ready().up()).isFalse();
    assertThat(health.ready().body()).containsEntry("status", "NOT_READY");
  }

  @Test
  void onceRunningItStaysReadyThroughALaterRebalance() {
    state = State.RUNNING;
    assertThat(health.ready().up()).isTrue();
    state = State.REBALANCING;
    assertThat(health.ready().up()).isTrue();
    assertThat(health.ready().body()).containsEntry("state", "REBALANCING");
  }

  @Test
  void anUnqueryablePolicyStoreMeansNotReady() {
    state = State.RUNNING;
    storeAnswers = false;
    assertThat(health.ready().up()).isFalse();
    assertThat((String) health.ready().body().get("reason")).contains("policy store");
  }

  @Test
  void aFailedOrStoppingClientIsNeitherLiveNorReady() {
    state = State.RUNNING;
    assertThat(health.ready().up()).isTrue();
    for (State down :
        new State[] {State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING}) {
      state = down;
      assertThat(health.live().up()).as(down.name()).isFalse();
      assertThat(health.ready().up()).as(down.name()).isFalse();
    }
  }
}
