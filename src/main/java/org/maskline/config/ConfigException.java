package org.maskline.config;

/** Configuration that cannot start Maskline. The message is one line that names the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
