package org.csirtgateway.profile;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A domain of a constituency or a partner. Matches itself and its subdomains on label boundaries:
 * {@code example.jp} matches {@code www.example.jp} but never {@code badexample.jp}.
 */
public final class DomainName {

    private static final java.util.regex.Pattern HOST_NAME =
            java.util.regex.Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");

    private final String name;

    private DomainName(String name) {
        this.name = name;
    }

    /** Parses a domain (IDN allowed, converted to ASCII); a leading "*." or "." is accepted. Empty when invalid. */
    public static Optional<DomainName> parse(String text) {
        return normalise(text).map(DomainName::new);
    }

    /** A host name in lower-case ASCII without a trailing dot, or empty when it is not a valid domain name. */
    public static Optional<String> normalise(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.startsWith("*.")) {
            value = value.substring(2);
        } else if (value.startsWith(".")) {
            value = value.substring(1);
        }
        if (value.endsWith(".")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            value = IDN.toASCII(value, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (value.length() > 253 || !value.contains(".")
                || !HOST_NAME.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** Whether {@code host} is this domain or below it. */
    public boolean covers(String host) {
        return normalise(host).map(this::coversNormalised).orElse(false);
    }

    /** {@link #covers} for a host already {@link #normalise}d. */
    boolean coversNormalised(String host) {
        return host.equals(name) || host.endsWith("." + name);
    }

    /** Number of labels: more labels is a more specific match. */
    public int labels() {
        return name.split("\\.").length;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
