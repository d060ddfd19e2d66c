package org.csirtgateway.indicator;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;

/**
 * Finds indicators in text: IPv4, IPv6, CIDR, domains under a public suffix (Guava's copy of the public suffix list),
 * URLs, e-mail addresses, MD5/SHA-1/SHA-256 hashes and CVE IDs, after refanging. The team's own addresses and the
 * allowlisted domains (with their subdomains) and IP addresses are not reported.
 */
public final class IndicatorExtractor {

    /** At most this many indicators per message; the rest are left (a warning says so). */
    public static final int MAX_PER_MESSAGE = 1_000;
    /** Text beyond this many characters of one source is not searched. */
    private static final int MAX_TEXT = 1 << 20;

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s<>\"'`{}|\\\\^]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?i)\\b[a-z0-9][a-z0-9._%+-]{0,63}@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{1,62})\\b");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])((?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})"
                    + "(/(?:3[0-2]|[12]?\\d))?(?![\\d]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?i)(?<![0-9a-f:])((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:\\.\\d{1,3}){0,3})(/(?:12[0-8]|1[01]\\d|[1-9]?\\d))?(?![0-9a-f:])");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)(?<![a-z0-9@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{1,62})(?![a-z0-9-]|\\.[a-z0-9])");
    private static final Pattern HASH = Pattern.compile("(?i)(?<![0-9a-z])([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})(?![0-9a-z])");
    private static final Pattern CVE = Pattern.compile("(?i)\\bCVE-(\\d{4})-(\\d{4,7})\\b");

    private final Set<String> ownAddresses;
    private final Set<String> allowedDomains;
    private final Set<String> allowedAddresses;

    /**
     * @param ownAddresses the team's own e-mail addresses
     * @param allowlist    domains (covering their subdomains) and IP addresses never reported
     */
    public IndicatorExtractor(Collection<String> ownAddresses, Collection<String> allowlist) {
        this.ownAddresses = lowerCase(ownAddresses);
        Set<String> domains = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        for (String entry : lowerCase(allowlist)) {
            if (InetAddresses.isInetAddress(entry)) {
                addresses.add(InetAddresses.toAddrString(InetAddresses.forString(entry)));
            } else {
                domains.add(entry.startsWith(".") ? entry.substring(1) : entry);
            }
        }
        this.allowedDomains = Set.copyOf(domains);
        this.allowedAddresses = Set.copyOf(addresses);
    }

    public static IndicatorExtractor withoutAllowlist() {
        return new IndicatorExtractor(List.of(), List.of());
    }

    /** Indicators in {@code text}, each once, in order of appearance of their kind, marked with {@code source}. */
    public List<Indicator> extract(String text, String source) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String refanged = Refang.refang(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        Set<Indicator> found = new LinkedHashSet<>();
        Matcher url = URL.matcher(refanged);
        while (url.find()) {
            String value = trimPunctuation(url.group());
            String host = hostOf(value);
            if (host != null && !allowedHost(host)) {
                found.add(new Indicator(Indicator.URL, value, source));
            }
        }
        Matcher email = EMAIL.matcher(refanged);
        while (email.find()) {
            String value = email.group().toLowerCase(Locale.ROOT);
            if (!ownAddresses.contains(value) && !allowedDomain(email.group(1)) && publicDomain(email.group(1))) {
                found.add(new Indicator(Indicator.EMAIL, value, source));
            }
        }
        Matcher ipv4 = IPV4.matcher(refanged);
        while (ipv4.find()) {
            String address = ipv4.group(1);
            if (allowedAddresses.contains(address)) {
                continue;
            }
            found.add(ipv4.group(2) != null ? new Indicator(Indicator.CIDR, address + ipv4.group(2), source)
                    : new Indicator(Indicator.IPV4, address, source));
        }
        Matcher ipv6 = IPV6.matcher(refanged);
        while (ipv6.find()) {
            String candidate = ipv6.group(1);
            if (!candidate.contains("::") && candidate.chars().filter(c -> c == ':').count() < 7
                    || !InetAddresses.isInetAddress(candidate)) {
                continue;
            }
            InetAddress address = InetAddresses.forString(candidate);
            if (!(address instanceof java.net.Inet6Address)) {
                continue;
            }
            String value = InetAddresses.toAddrString(address);
            if (value.equals("::") || allowedAddresses.contains(value)) {
                continue;
            }
            found.add(ipv6.group(2) != null ? new Indicator(Indicator.CIDR, value + ipv6.group(2), source)
                    : new Indicator(Indicator.IPV6, value, source));
        }
        Matcher domain = DOMAIN.matcher(refanged);
        while (domain.find()) {
            String value = domain.group(1).toLowerCase(Locale.ROOT);
            if (publicDomain(value) && !allowedDomain(value)) {
                found.add(new Indicator(Indicator.DOMAIN, value, source));
            }
        }
        Matcher hash = HASH.matcher(refanged);
        while (hash.find()) {
            String value = hash.group(1).toLowerCase(Locale.ROOT);
            String type = switch (value.length()) {
                case 32 -> Indicator.MD5;
                case 40 -> Indicator.SHA1;
                default -> Indicator.SHA256;
            };
            if (hasLetterAndDigit(value)) {
                found.add(new Indicator(type, value, source));
            }
        }
        Matcher cve = CVE.matcher(refanged);
        while (cve.find()) {
            found.add(new Indicator(Indicator.CVE, "CVE-" + cve.group(1) + "-" + cve.group(2), source));
        }
        return new ArrayList<>(found);
    }

    private boolean allowedHost(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (InetAddresses.isInetAddress(bare)) {
            return allowedAddresses.contains(InetAddresses.toAddrString(InetAddresses.forString(bare)));
        }
        return allowedDomain(bare);
    }

    private boolean allowedDomain(String domain) {
        String value = domain.toLowerCase(Locale.ROOT);
        for (String allowed : allowedDomains) {
            if (value.equals(allowed) || value.endsWith("." + allowed)) {
                return true;
            }
        }
        return false;
    }

    /** A registrable name under a public suffix (not a suffix itself, not a file name like report.txt). */
    private static boolean publicDomain(String value) {
        try {
            InternetDomainName name = InternetDomainName.from(value);
            return name.isUnderPublicSuffix() && !name.isPublicSuffix();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String hostOf(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        String host = authority.substring(at + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? null : host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        host = colon < 0 ? host : host.substring(0, colon);
        return host.isEmpty() ? null : host.toLowerCase(Locale.ROOT);
    }

    private static String trimPunctuation(String url) {
        String value = url;
        while (!value.isEmpty() && ".,;:!?)]'>".indexOf(value.charAt(value.length() - 1)) >= 0) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    private static boolean hasLetterAndDigit(String value) {
        return value.chars().anyMatch(Character::isDigit) && value.chars().anyMatch(Character::isLetter);
    }

    private static Set<String> lowerCase(Collection<String> values) {
        Set<String> result = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                result.add(value.strip().toLowerCase(Locale.ROOT));
            }
        }
        return result;
    }
}
