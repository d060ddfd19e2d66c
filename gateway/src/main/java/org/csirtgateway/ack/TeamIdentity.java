package org.csirtgateway.ack;

/**
 * Who the team is in outgoing mail.
 *
 * @param name           e.g. "Example CSIRT"
 * @param address        the published point of contact, e.g. csirt@example.org
 * @param keyFingerprint the team's PGP key fingerprint quoted in acknowledgements, or "" to leave it out
 * @param contactUrl     where the team's contact details are published (e.g. its RFC 2350 page), or "" to leave it out
 */
public record TeamIdentity(String name, String address, String keyFingerprint, String contactUrl) {

    public TeamIdentity {
        keyFingerprint = keyFingerprint == null ? "" : keyFingerprint.strip();
        contactUrl = contactUrl == null ? "" : contactUrl.strip();
    }

    public TeamIdentity(String name, String address) {
        this(name, address, "", "");
    }

    public String domain() {
        int at = address.indexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1);
    }
}
