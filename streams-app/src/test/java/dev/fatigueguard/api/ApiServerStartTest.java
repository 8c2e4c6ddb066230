package dev.fatigueguard.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Starting the API where it cannot listen fails with the setting to change, not Jetty's trace. */
class ApiServerStartTest {

  @Test
  void aPortTakenAfterThePreflightNamesTheSettingAndTheFix() {
    try (StandaloneApi first = new StandaloneApi()) {
      int taken = first.server.port();

      assertThatThrownBy(() -> new StandaloneApi(taken).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "guard.http.port="
                  + taken
                  + " cannot be bound on 127.0.0.1: the port is in use; stop what listens there,"
                  + " or set guard.http.port to a free port");
    }
  }
}
