package org.csirtgateway.indicator;

/**
 * Something an analyst may look up or block, found in a report.
 *
 * @param type   one of the constants below
 * @param value  normalised (refanged; domains, e-mail addresses and hashes in lower case)
 * @param source where it was found: "body", "evidence 2", "evidence 2 headers", "attachment log.txt", "report fields"
 */
public record Indicator(String type, String value, String source) {

    public static final String IPV4 = "ipv4";
    public static final String IPV6 = "ipv6";
    public static final String CIDR = "cidr";
    public static final String DOMAIN = "domain";
    public static final String URL = "url";
    public static final String EMAIL = "email";
    public static final String MD5 = "md5";
    public static final String SHA1 = "sha1";
    public static final String SHA256 = "sha256";
    public static final String CVE = "cve";
}
