package org.csirtgateway.profile;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The team's security.txt (RFC 9116), generated from the profile at each request, so that Expires is always
 * {@code expiresAfterDays} ahead (less than a year) and never goes stale.
 *
 * <p>Fields: Contact (mailto: the team address, then the profile's extra contacts), Expires, Encryption (the
 * published key, when the profile has one), Preferred-Languages, Canonical, Policy (the RFC 2350 page unless the
 * profile names another).
 */
public final class SecurityTxt {

    /** Where the team's public key and RFC 2350 page are served on the public site. */
    public static final String KEY_PATH = "/pgp-key.txt";
    public static final String POLICY_PATH = "/rfc2350";
    public static final String PATH = "/.well-known/security.txt";

    private final TeamProfile profile;

    public SecurityTxt(TeamProfile profile) {
        this.profile = profile;
    }

    /**
     * The document as of {@code now}.
     *
     * @param baseUrl the public site's URL, used when the profile has no publication.baseUrl
     * @param signed  whether it will be clear-signed (the comment says so either way)
     */
    public String render(Instant now, String baseUrl, boolean signed) {
        String base = profile.publication().baseUrl().isEmpty() ? stripSlash(baseUrl) : profile.publication().baseUrl();
        List<String> lines = new ArrayList<>();
        lines.add("# Security contact of " + oneLine(profile.name()) + " (RFC 9116), generated from its team profile.");
        lines.add(signed ? "# This file is clear-signed with the team's OpenPGP key."
                : "# This file is not signed: no signing key is configured (public.signingKey).");
        lines.add("Contact: mailto:" + profile.contact().email());
        for (String extra : profile.publication().extraContacts()) {
            lines.add("Contact: " + oneLine(extra));
        }
        Instant expires = now.plus(profile.publication().expiresAfterDays(), ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS);
        lines.add("Expires: " + DateTimeFormatter.ISO_INSTANT.format(expires));
        if (profile.primaryKey().isPresent()) {
            lines.add("Encryption: " + base + KEY_PATH);
        }
        lines.add("Preferred-Languages: " + String.join(", ", profile.contact().languages()));
        lines.add("Canonical: " + base + PATH);
        String policy = profile.publication().policyUrl().isEmpty() ? base + POLICY_PATH
                : profile.publication().policyUrl();
        lines.add("Policy: " + oneLine(policy));
        return String.join("\n", lines) + "\n";
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\x00-\\x1f\\x7f]+", " ").strip();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
