package org.csirtgateway.triage;

import java.util.Locale;

/**
 * Something in a report that names a place on the network: an address, a host, a mailbox, an AS.
 *
 * @param type  ipv4 | ipv6 | domain | url | email | asn (the report reader's extractor adds cidr, hash and cve; types that name
 *              no place on the network are never in or out of the constituency)
 * @param value the indicator, refanged and normalised (lower-case host names)
 * @param host  the part that decides the scope: the address, the host of a URL, the domain of a mailbox, the AS
 */
public record Indicator(String type, String value, String host) {

    public Indicator {
        type = type.toLowerCase(Locale.ROOT);
    }

    public static Indicator of(String type, String value) {
        return new Indicator(type, value, value);
    }

    /** Whether this kind of indicator can be in or outside a constituency. */
    public boolean locatable() {
        return switch (type) {
            case "ipv4", "ipv6", "domain", "url", "email", "asn" -> true;
            default -> false;
        };
    }

    /** The kind of network resource that decides its scope: ipv4, ipv6, asn or domain. */
    public String scopeKind() {
        return switch (type) {
            case "ipv4", "ipv6", "asn" -> type;
            default -> "domain";
        };
    }
}
