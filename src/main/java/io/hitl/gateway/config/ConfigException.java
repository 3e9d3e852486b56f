package io.hitl.gateway.config;

/** Invalid configuration: the message names the variable and says what is wrong, in one line. */
public final class ConfigException extends RuntimeException {

  /** @param message one line naming the offending variable */
  public ConfigException(String message) {
    super(message);
  }
}
