package org.csirtgateway.ack;

/**
 * Who the team is in outgoing mail.
 *
 * @param name    e.g. "Example CSIRT"
 * @param address the published point of contact, e.g. csirt@example.org
 */
public record TeamIdentity(String name, String address) {

    public String domain() {
        int at = address.indexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1);
    }
}
