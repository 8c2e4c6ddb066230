package dev.fatigueguard.preflight;

/**
 * No broker, or no registry, answered within {@code guard.preflight.timeout}. The message is one
 * line naming the setting and its value, e.g. {@code bootstrap.servers=127.0.0.1:1: no broker
 * answered within 15 s}. An {@link IllegalStateException} so the command line prints the message
 * alone.
 */
public final class UnreachableException extends IllegalStateException {

  public UnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
