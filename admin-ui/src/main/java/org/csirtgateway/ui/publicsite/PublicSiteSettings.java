package org.csirtgateway.ui.publicsite;

/**
 * Where the public site listens: its own address and port, never the admin UI's.
 *
 * @param port 0 picks any free port
 */
public record PublicSiteSettings(String bindAddress, int port) {

    public PublicSiteSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("Public site bind address is required, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Public site port must be 0 to 65535, not " + port);
        }
        bindAddress = bindAddress.strip();
    }
}
