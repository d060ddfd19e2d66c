package org.csirtgateway.profile;

/**
 * The team profile is wrong; the message starts with the key path, e.g.
 * {@code constituency.networks[2]: '10.0.0.0/33' is not a CIDR network}.
 */
public final class ProfileException extends RuntimeException {
    public ProfileException(String message) {
        super(message);
    }
}
