package org.csirtgateway.config;

/** The configuration is wrong; the message names the key and what is wrong, never a secret's value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
