package org.csirtgateway.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.csirtgateway.parse.ParsedReport;
import org.csirtgateway.profile.DomainName;
import org.csirtgateway.profile.IpAddresses;

/**
 * A TEMPORARY indicator source: finds IPv4 and IPv6 addresses, URLs, mail addresses and domain names in a report's
 * subject and text, after undoing the usual defanging (hxxp, [.], (.), [at]). Issue 4 brings the real extractor
 * (CIDR, hashes, CVEs, context); this scan only exists so that triage works before that is merged.
 *
 * <p>Bounded: it reads at most {@link #MAX_TEXT_CHARS} characters and keeps at most {@link #MAX_INDICATORS}.
 */
public final class TextIndicatorScan implements IndicatorSource {

    public static final int MAX_TEXT_CHARS = 512 * 1024;
    public static final int MAX_INDICATORS = 500;

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://([^\\s/?#<>\"'\\]\\[)]+)[^\\s<>\"']*");
    private static final Pattern EMAIL = Pattern.compile("(?i)\\b[a-z0-9._%+-]{1,64}@((?:[a-z0-9-]{1,63}\\.)+[a-z]{2,24})\\b");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?i)(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![0-9a-f:])");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)(?<![a-z0-9@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:xn--[a-z0-9-]{2,59}|[a-z]{2,24})(?![a-z0-9-]|\\.[a-z0-9])");
    /** Look like domains but are file names. */
    private static final Set<String> FILE_SUFFIXES = Set.of("txt", "html", "htm", "php", "asp", "aspx", "jsp", "exe",
            "zip", "pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "gif", "js", "css", "eml", "log", "csv",
            "json", "xml", "msg", "dll", "bat", "ps1", "sh", "py", "gz", "rar", "tar", "iso", "bin", "tmp", "cfg",
            "conf", "ini", "yml", "yaml", "md", "java", "rb", "pl", "asc", "sig", "gpg", "pem", "crt", "key");

    @Override
    public List<Indicator> indicatorsOf(ParsedReport report) {
        String text = report.subject() + "\n" + report.bodyText();
        if (text.length() > MAX_TEXT_CHARS) {
            text = text.substring(0, MAX_TEXT_CHARS);
        }
        return scan(refang(text));
    }

    /** Indicators in {@code text} (already refanged), in order of first appearance, without repeats. */
    List<Indicator> scan(String text) {
        Map<String, Indicator> found = new LinkedHashMap<>();
        StringBuilder rest = new StringBuilder(text);
        Matcher url = URL.matcher(text);
        while (url.find()) {
            String host = hostOf(url.group(1));
            String value = url.group().replaceAll("[.,;:!?)]+$", "");
            if (IpAddresses.parse(host).isPresent() || DomainName.normalise(host).isPresent()) {
                String normal = IpAddresses.parse(host).isPresent() ? host : DomainName.normalise(host).get();
                add(found, new Indicator("url", value, normal));
            }
            blank(rest, url.start(), url.end());
        }
        String remaining = rest.toString();
        Matcher email = EMAIL.matcher(remaining);
        while (email.find()) {
            String domain = DomainName.normalise(email.group(1)).orElse(null);
            if (domain != null) {
                add(found, new Indicator("email", email.group().toLowerCase(Locale.ROOT), domain));
            }
            blank(rest, email.start(), email.end());
        }
        remaining = rest.toString();
        Matcher ipv4 = IPV4.matcher(remaining);
        while (ipv4.find()) {
            if (IpAddresses.parse(ipv4.group()).isPresent()) {
                add(found, Indicator.of("ipv4", ipv4.group()));
                blank(rest, ipv4.start(), ipv4.end());
            }
        }
        remaining = rest.toString();
        Matcher ipv6 = IPV6.matcher(remaining);
        while (ipv6.find()) {
            String candidate = ipv6.group();
            if (candidate.contains("::") || candidate.chars().filter(c -> c == ':').count() == 7) {
                if (IpAddresses.parse(candidate).isPresent() && candidate.length() > 2) {
                    add(found, Indicator.of("ipv6", candidate.toLowerCase(Locale.ROOT)));
                    blank(rest, ipv6.start(), ipv6.end());
                }
            }
        }
        remaining = rest.toString();
        Matcher domain = DOMAIN.matcher(remaining);
        while (domain.find()) {
            String candidate = domain.group();
            String suffix = candidate.substring(candidate.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (FILE_SUFFIXES.contains(suffix)) {
                continue;
            }
            DomainName.normalise(candidate).ifPresent(name -> add(found, Indicator.of("domain", name)));
        }
        return new ArrayList<>(found.values());
    }

    /** Undoes common defanging: hxxp -> http, [.] (.) [dot] -> ., [:] -> :, [at] [@] -> @. */
    static String refang(String text) {
        return text.replaceAll("(?i)\\bhxxp(s?)://", "http$1://")
                .replaceAll("(?i)\\bh\\[tt\\]p(s?)://", "http$1://")
                .replaceAll("(?i)\\s?[\\[(]\\s?(?:\\.|dot)\\s?[\\])]\\s?", ".")
                .replace("[:]", ":")
                .replaceAll("(?i)\\s?[\\[(]\\s?(?:@|at)\\s?[\\])]\\s?", "@");
    }

    private static String hostOf(String authority) {
        String host = authority;
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(1, close) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }

    private static void add(Map<String, Indicator> found, Indicator indicator) {
        if (found.size() < MAX_INDICATORS) {
            found.putIfAbsent(indicator.type() + " " + indicator.value(), indicator);
        }
    }

    private static void blank(StringBuilder text, int start, int end) {
        for (int i = start; i < end; i++) {
            text.setCharAt(i, ' ');
        }
    }
}
