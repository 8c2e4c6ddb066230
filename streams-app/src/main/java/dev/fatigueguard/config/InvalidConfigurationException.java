package dev.fatigueguard.config;

/** The configuration cannot be used; the message names the key and what is wrong with it. */
public class InvalidConfigurationException extends RuntimeException {
  public InvalidConfigurationException(String message) {
    super(message);
  }

  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
