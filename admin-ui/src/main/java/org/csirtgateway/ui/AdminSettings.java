package org.csirtgateway.ui;

/**
 * How the admin server listens and presents itself.
 *
 * @param bindAddress   interface to listen on, e.g. 127.0.0.1 (keep it local unless behind a TLS proxy)
 * @param port          TCP port; 0 picks any free port (see {@link AdminServer#port()})
 * @param secureCookies mark cookies Secure: set when users reach the UI over HTTPS
 * @param teamName      shown in the header bar, e.g. "Example CSIRT"
 */
public record AdminSettings(String bindAddress, int port, boolean secureCookies, String teamName) {

    public AdminSettings {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("Admin UI bind address is required, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Admin UI port must be 0 to 65535, not " + port);
        }
        bindAddress = bindAddress.strip();
        teamName = teamName == null || teamName.isBlank() ? "CSIRT" : teamName.strip();
    }
}
