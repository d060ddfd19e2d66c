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
    /** Text beyond this many characters of one source is not searched (bounded time per message). */
    public static final int MAX_TEXT = 512 * 1024;

    // Candidate patterns are possessive and simple (they run over up to a megabyte of text); each candidate is then
    // validated in code (Guava for addresses and the public suffix list).
    // A URL ends at white space, at characters URLs never hold unescaped, and at Japanese script and punctuation:
    // Japanese text runs straight on after a URL without a space ("https://x.example/a.phpへ誘導する..."). The price is
    // that an IRI with Japanese in its path is cut there (its host, which decides everything else, is unaffected).
    static final Pattern URL = Pattern.compile("(?i)(?<![A-Za-z0-9])(?:https?|ftp)://"
            + "[^\\s<>\"'`{}|\\\\^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\u3000-\\u303F\\uFF00-\\uFFEF]++");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}+@([A-Za-z0-9.-]{3,253}+)");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])((?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})"
                    + "(/(?:3[0-2]|[12]?\\d))?(?![\\d]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![0-9A-Fa-f:.])([0-9A-Fa-f]{0,4}+:[0-9A-Fa-f:.]{2,44}+)(/\\d{1,3}+)?");
    // Not the local part of an e-mail address ("update.drive@..." names no host "update.drive").
    private static final Pattern DOMAIN = Pattern.compile(
            "(?<![A-Za-z0-9@._%+-])[A-Za-z0-9][A-Za-z0-9.-]{2,252}+(?!@)");
    private static final Pattern HASH = Pattern.compile("(?<![0-9A-Za-z])[0-9A-Fa-f]{32,64}+(?![0-9A-Za-z])");
    private static final Pattern CVE = Pattern.compile("(?i)\\bCVE-(\\d{4})-(\\d{4,7})\\b");

    // Header lines (in evidence headers, or quoted in a body or a bounce) whose tokens look like indicators but are
    // not: Received (only its "from" clause names the sending host; "by" and "id" hold the receiving servers and
    // software build numbers such as Exchange's "id 15.20.239.5") and identifier headers (Message-ID, References,
    // Content-ID, X-...-Id: random or hashed identifiers, often an MD5). Possibly quoted with '>'.
    private static final Pattern NOISY_HEADER = Pattern.compile(
            "(?im)^(?:>[ \\t]?)*+(received|resent-message-id|message-id|in-reply-to|references|content-id"
                    + "|x-[a-z0-9-]{0,60}-id|thread-index)[ \\t]*+:");
    // A PGP key fingerprint: after "fingerprint" (gpg's "Key fingerprint = ...", "Fingerprint: ..."), or on the line
    // under a pub/sec/sub key line as gpg 2 prints it; 40 hex digits, together or in groups of four.
    private static final Pattern FINGERPRINT = Pattern.compile(
            "(?im)(?:fingerprint|fpr|^[ \\t]*+(?:pub|sec|sub|ssb)[ \\t][^\\n]{0,120}+\\n)[^0-9A-Fa-f\\n]{0,12}+"
                    + "((?:[0-9A-Fa-f]{4}[ \\t]{0,2}+){9}[0-9A-Fa-f]{4})(?![0-9A-Za-z])");
    /** Hashes of empty input (MD5, SHA-1, SHA-256 of ""): they say only that something was empty. */
    private static final Set<String> EMPTY_INPUT_HASHES = Set.of("d41d8cd98f00b204e9800998ecf8427e",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

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
        String bounded = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        Noise noise = noise(Refang.refang(bounded));
        String refanged = noise.text();
        Set<Indicator> found = new LinkedHashSet<>();
        // One pass splits the text into runs of characters indicators are made of; each kind's pattern then runs only
        // on the runs that can hold it, so a long log costs little. Runs no kind can use (words, plain numbers) are
        // not even cut out of the text.
        Tokens candidates = tokens(refanged);
        List<String> tokens = candidates.values();
        int[] shapes = candidates.shapes();
        // one matcher per kind, reset for each token (a matcher per token was most of the garbage of extraction)
        Matcher emailMatcher = EMAIL.matcher("");
        Matcher ipv4Matcher = IPV4.matcher("");
        Matcher ipv6Matcher = IPV6.matcher("");
        Matcher domainMatcher = DOMAIN.matcher("");
        Matcher hashMatcher = HASH.matcher("");
        Matcher cveMatcher = CVE.matcher("");
        for (String match : urls(refanged)) {
            String value = trimPunctuation(match);
            String host = hostOf(value);
            if (host != null && !allowedHost(host)) {
                found.add(new Indicator(Indicator.URL, value, source));
            }
        }
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            if ((shapes[t] & AT_INSIDE) == 0) {
                continue;
            }
            Matcher email = emailMatcher.reset(token);
            while (email.find()) {
                String domain = trimDomain(email.group(1));
                String value = (email.group().substring(0, email.start(1) - email.start()) + domain)
                        .toLowerCase(Locale.ROOT);
                if (!ownAddresses.contains(value) && !allowedDomain(domain) && publicDomain(domain)) {
                    found.add(new Indicator(Indicator.EMAIL, value, source));
                }
            }
        }
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            if ((shapes[t] & (DOT_INSIDE | DIGIT)) != (DOT_INSIDE | DIGIT)) {
                continue;
            }
            Matcher ipv4 = ipv4Matcher.reset(token);
            while (ipv4.find()) {
                String address = ipv4.group(1);
                if (allowedAddresses.contains(address)) {
                    continue;
                }
                found.add(ipv4.group(2) != null ? new Indicator(Indicator.CIDR, address + ipv4.group(2), source)
                        : new Indicator(Indicator.IPV4, address, source));
            }
        }
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            if ((shapes[t] & COLONS) == 0) {
                continue;
            }
            Matcher ipv6 = ipv6Matcher.reset(token);
            while (ipv6.find()) {
                String candidate = ipv6.group(1);
                while (candidate.endsWith(".") || candidate.endsWith(":") && !candidate.endsWith("::")) {
                    candidate = candidate.substring(0, candidate.length() - 1);
                }
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
                boolean cidr = ipv6.group(2) != null && candidate.equals(ipv6.group(1))
                        && Integer.parseInt(ipv6.group(2).substring(1)) <= 128;
                found.add(cidr ? new Indicator(Indicator.CIDR, value + ipv6.group(2), source)
                        : new Indicator(Indicator.IPV6, value, source));
            }
        }
        java.util.Map<String, Boolean> checked = new java.util.HashMap<>();
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            if ((shapes[t] & DOT_INSIDE) == 0 || token.length() <= 3) {
                continue;
            }
            Matcher domain = domainMatcher.reset(token);
            while (domain.find()) {
                String value = trimDomain(domain.group()).toLowerCase(Locale.ROOT);
                if (plausibleDomain(value) && checked.computeIfAbsent(value, v -> publicDomain(v) && !allowedDomain(v))) {
                    found.add(new Indicator(Indicator.DOMAIN, value, source));
                }
            }
        }
        for (String token : tokens) {
            if (!(token.length() >= 32)) {
                continue;
            }
            Matcher hash = hashMatcher.reset(token);
            while (hash.find()) {
                String value = hash.group().toLowerCase(Locale.ROOT);
                String type = switch (value.length()) {
                    case 32 -> Indicator.MD5;
                    case 40 -> Indicator.SHA1;
                    case 64 -> Indicator.SHA256;
                    default -> null;
                };
                if (type != null && hasLetterAndDigit(value) && !EMPTY_INPUT_HASHES.contains(value)
                        && !noise.notHashes().contains(value)) {
                    found.add(new Indicator(type, value, source));
                }
            }
        }
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            if ((shapes[t] & CVE_PREFIX) == 0 || token.length() < 13) {
                continue;
            }
            Matcher cve = cveMatcher.reset(token);
            while (cve.find()) {
                found.add(new Indicator(Indicator.CVE, "CVE-" + cve.group(1) + "-" + cve.group(2), source));
            }
        }
        return new ArrayList<>(found);
    }

    /** The text with the IP addresses of Received headers outside their "from" clause blanked, and hex values
     *  that are identifiers or key fingerprints, not file hashes. */
    private record Noise(String text, Set<String> notHashes) {
    }

    private static Noise noise(String text) {
        Set<String> notHashes = new java.util.HashSet<>();
        if (containsIgnoreCase(text, "fingerprint") || containsIgnoreCase(text, "fpr")
                || text.contains("pub ") || text.contains("sec ")) {
            Matcher fingerprint = FINGERPRINT.matcher(text);
            while (fingerprint.find()) {
                notHashes.add(fingerprint.group(1).replaceAll("[ \\t]", "").toLowerCase(Locale.ROOT));
            }
        }
        char[] masked = null;
        Matcher header = NOISY_HEADER.matcher(text);
        while (header.find()) {
            int end = headerEnd(text, header.end());
            if (header.group(1).equalsIgnoreCase("received")) {
                int[] from = fromClause(text, header.end(), end);
                masked = blankAddresses(text, header.end(), from[0], masked);
                masked = blankAddresses(text, from[1], end, masked);
            } else {
                Matcher hash = HASH.matcher(text).region(header.end(), end);
                while (hash.find()) {
                    notHashes.add(hash.group().toLowerCase(Locale.ROOT));
                }
            }
        }
        return new Noise(masked == null ? text : new String(masked), notHashes);
    }

    /** Where a header field that starts before {@code from} ends: at the first line not folded into it. */
    private static int headerEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        while (end >= 0 && end + 1 < text.length() && (text.charAt(end + 1) == ' ' || text.charAt(end + 1) == '\t')) {
            end = text.indexOf('\n', end + 1);
        }
        return end < 0 ? text.length() : end;
    }

    /**
     * The "from" clause of a Received header's value {@code [start, end)} as {start, end}: from the word "from" to
     * the "by", "with", "id", "via" or ";" after it outside parentheses; an empty span when the header has none.
     */
    private static int[] fromClause(String text, int start, int end) {
        int i = start;
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (!wordAt(text, i, end, "from")) {
            return new int[] {start, start};
        }
        int depth = 0;
        for (int j = i + 4; j < end; j++) {
            char c = text.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (c == ';' || Character.isWhitespace(c) && (wordAt(text, j + 1, end, "by")
                    || wordAt(text, j + 1, end, "with") || wordAt(text, j + 1, end, "id")
                    || wordAt(text, j + 1, end, "via")))) {
                return new int[] {i, j};
            }
        }
        return new int[] {i, end};
    }

    private static boolean wordAt(String text, int at, int end, String word) {
        return at + word.length() <= end && text.regionMatches(true, at, word, 0, word.length())
                && (at + word.length() == end || !Character.isLetterOrDigit(text.charAt(at + word.length())));
    }

    /** Blanks the IPv4 and IPv6 addresses in {@code text[start, end)} (into a copy made when first needed). */
    private static char[] blankAddresses(String text, int start, int end, char[] masked) {
        char[] result = masked;
        if (start >= end) {
            return result;
        }
        for (Pattern pattern : List.of(IPV4, IPV6)) {
            Matcher address = pattern.matcher(text).region(start, end);
            while (address.find()) {
                String candidate = address.group(1);
                if (pattern == IPV6 && !InetAddresses.isInetAddress(candidate.replaceAll("[.:]+$", ""))) {
                    continue;
                }
                if (result == null) {
                    result = text.toCharArray();
                }
                java.util.Arrays.fill(result, address.start(), address.end(), ' ');
            }
        }
        return result;
    }

    /** Whether {@code text} holds the lower-case ASCII {@code word} in any case, without copying the text. */
    private static boolean containsIgnoreCase(String text, String word) {
        char first = word.charAt(0);
        char upper = Character.toUpperCase(first);
        for (int i = 0; i <= text.length() - word.length(); i++) {
            char c = text.charAt(i);
            if ((c == first || c == upper) && text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What {@code URL.matcher(text)} finds, in order, tried only where a match can start: three to five characters
     * (the scheme) before each "://". Running the pattern itself over the text tries its look-behind and schemes at
     * every character of it, which made finding URLs the dearest part of extraction.
     */
    static List<String> urls(String text) {
        List<String> found = new ArrayList<>();
        Matcher url = null;
        int searchFrom = 0; // where the next match may start: after the last one, as with find()
        for (int separator = text.indexOf("://"); separator >= 0; separator = text.indexOf("://", separator + 1)) {
            for (int start = Math.max(searchFrom, separator - 5); start <= separator - 3; start++) {
                if (url == null) {
                    // transparent bounds: the look-behind sees the text before the start, as find() would
                    url = URL.matcher(text).useTransparentBounds(true);
                }
                url.region(start, text.length());
                if (url.lookingAt()) {
                    found.add(url.group());
                    searchFrom = url.end();
                    break;
                }
            }
        }
        return found;
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

    /** Runs of token characters (three or more) that some kind of indicator can be found in, with their shapes. */
    private record Tokens(List<String> values, int[] shapes) {
    }

    private static Tokens tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int[] shapes = new int[64];
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean part = i < text.length() && isTokenChar(text.charAt(i));
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                if (i - start >= 3) {
                    int shape = shapeOf(text, start, i);
                    // only a digit: no kind's test passes (email '@', IPv4 and domain '.', IPv6 ':', CVE, hash length)
                    if ((shape & ~DIGIT) != 0 || i - start >= 32) {
                        if (tokens.size() == shapes.length) {
                            shapes = java.util.Arrays.copyOf(shapes, shapes.length * 2);
                        }
                        shapes[tokens.size()] = shape;
                        tokens.add(text.substring(start, i));
                    }
                }
                start = -1;
            }
        }
        return new Tokens(tokens, shapes);
    }

    // What a token is made of, worked out in one pass over it for all kinds of indicator (each kind used to search
    // every token again): the first '@' or '.' after its first character, a digit, two or more ':', "CVE-" in any
    // case. Tokens hold ASCII only (isTokenChar).
    static final int AT_INSIDE = 1;
    static final int DOT_INSIDE = 2;
    static final int DIGIT = 4;
    static final int COLONS = 8;
    static final int CVE_PREFIX = 16;

    static int shapeOf(String token) {
        return shapeOf(token, 0, token.length());
    }

    /** The shape of the token {@code text[start, end)}. */
    private static int shapeOf(String text, int start, int end) {
        int shape = 0;
        int colons = 0;
        boolean atSeen = false;
        boolean dotSeen = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '@') {
                if (!atSeen && i > start) {
                    shape |= AT_INSIDE;
                }
                atSeen = true;
            } else if (c == '.') {
                if (!dotSeen && i > start) {
                    shape |= DOT_INSIDE;
                }
                dotSeen = true;
            } else if (c >= '0' && c <= '9') {
                shape |= DIGIT;
            } else if (c == ':') {
                colons++;
            } else if (c == '-' && i >= start + 3 && (text.charAt(i - 3) | 0x20) == 'c'
                    && (text.charAt(i - 2) | 0x20) == 'v' && (text.charAt(i - 1) | 0x20) == 'e') {
                shape |= CVE_PREFIX;
            }
        }
        return colons >= 2 ? shape | COLONS : shape;
    }

    private static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                || c == ':' || c == '/' || c == '@' || c == '_' || c == '%' || c == '+';
    }

    /** Cheap test before the public suffix list: a dot, and a last label of two or more letters. */
    private static boolean plausibleDomain(String value) {
        int dot = value.lastIndexOf('.');
        if (dot <= 0 || value.length() - dot - 1 < 2) {
            return false;
        }
        for (int i = dot + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 'a' || c > 'z') && c != '-' && !(c >= '0' && c <= '9' && i > dot + 1)) {
                return false;
            }
        }
        return true;
    }

    /** A domain candidate without the dots and hyphens that end sentences or lines. */
    private static String trimDomain(String candidate) {
        int end = candidate.length();
        while (end > 0 && (candidate.charAt(end - 1) == '.' || candidate.charAt(end - 1) == '-')) {
            end--;
        }
        return candidate.substring(0, end);
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
