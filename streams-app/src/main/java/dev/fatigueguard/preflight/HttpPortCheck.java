package dev.fatigueguard.preflight;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The HTTP API's port is free on the bind address (0 means any free port, always fine). */
final class HttpPortCheck {

  static final String NAME = "http port";

  private HttpPortCheck() {}

  static CheckResult check(GuardConfig config) {
    int port = config.integer(GuardSetting.HTTP_PORT);
    String bind = config.get(GuardSetting.HTTP_BIND_ADDRESS);
    String setting = GuardSetting.HTTP_PORT.key() + "=" + port;
    if (port == 0) {
      return CheckResult.pass(NAME, setting + ": a free port is picked at start");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(bind, port));
      return CheckResult.pass(NAME, setting + " is free on " + bind);
    } catch (IOException e) {
      return CheckResult.fail(
          NAME,
          setting + " cannot be bound on " + bind + " (" + e.getMessage() + ")",
          "stop what listens there, or set " + GuardSetting.HTTP_PORT.key() + " to a free port");
    }
  }
}
