package dev.fatigueguard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on the loopback address for an embedded broker's listeners. */
final class LoopbackPorts {

  private LoopbackPorts() {}

  /** Fails with the port's address when something else listens there already. */
  static void requireFree(String host, int port) {
    try {
      new ServerSocket(port, 0, InetAddress.getByName(host)).close();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start a Kafka broker on "
              + host
              + ":"
              + port
              + ": the port is in use ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  static int free(String host, int avoid) {
    for (int i = 0; i < 10; i++) {
      try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(host))) {
        int candidate = socket.getLocalPort();
        if (candidate != avoid) {
          return candidate;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on " + host, e);
      }
    }
    throw new IllegalStateException("no free port on " + host);
  }
}
