package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.avro.state.HeldMessage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP API's held list (GET /v1/customers/{id}/held) is documented to be in release order. */
class HeldListOrderTest {

  private static HeldMessage held(String messageId, String releaseAt) {
    Instant since = Instant.parse("2026-11-25T09:00:00Z");
    return HeldMessage.newBuilder()
        .setMessageId(messageId)
        .setCustomerId("c-1")
        .setPriority(1)
        .setCreatedAt(since)
        .setHeldSince(since)
        .setReleaseAt(Instant.parse(releaseAt))
        .setWireValue(ByteBuffer.wrap(new byte[] {0}))
        .build();
  }

  @Test
  void ordersByReleaseInstantNotByItsText() {
    // As ISO text "…:00.500Z" sorts before "…:00Z" ('.' < 'Z'); as instants it is half a second
    // later.
    HeldMessage later = held("a-later", "2026-11-25T10:00:00.500Z");
    HeldMessage first = held("b-first", "2026-11-25T10:00:00Z");
    HeldMessage last = held("c-last", "2026-11-25T10:00:01Z");
    List<HeldMessage> list = new ArrayList<>(List.of(last, later, first));

    list.sort(LocalCustomerState.BY_RELEASE_TIME);

    assertThat(list)
        .extracting(HeldMessage::getMessageId)
        .containsExactly("b-first", "a-later", "c-last");
  }

  @Test
  void equalReleaseTimesAlwaysListTheSameWay() {
    HeldMessage x = held("x", "2026-11-25T10:00:00Z");
    HeldMessage y = held("y", "2026-11-25T10:00:00Z");
    List<HeldMessage> one = new ArrayList<>(List.of(y, x));
    List<HeldMessage> other = new ArrayList<>(List.of(x, y));

    one.sort(LocalCustomerState.BY_RELEASE_TIME);
    other.sort(LocalCustomerState.BY_RELEASE_TIME);

    assertThat(one).extracting(HeldMessage::getMessageId).containsExactly("x", "y");
    assertThat(other).extracting(HeldMessage::getMessageId).containsExactly("x", "y");
  }
}
