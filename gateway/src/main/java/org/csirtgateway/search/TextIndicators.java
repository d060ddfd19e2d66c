package org.csirtgateway.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.csirtgateway.index.Indicator;
import org.csirtgateway.index.ReportText;

/**
 * A small regex scan of report text for indicators (IPv4, URLs, mail addresses, hashes, CVE ids, and the domains of
 * URLs and addresses). It is what the index and the duplicate check use while the parser does not yet deliver
 * extracted indicators (issue 4 replaces it with its own extraction: pass those to {@link IndexedMessages}).
 */
public final class TextIndicators {

    /** Most indicators taken from one text. */
    public static final int MAX_INDICATORS = 200;

    // Japanese text puts no space around an indicator, so boundaries are "no ASCII letter or digit" rather than \b
    // (for which a kana is a letter), and URLs end at the first character outside printable ASCII.
    private static final String START = "(?<![A-Za-z0-9._%+-])";
    private static final Pattern URL = Pattern.compile("(?i)(?<![A-Za-z0-9])(?:hxxps?|https?)://[!#-;=?-~&&[^<>\"'\\\\]]+");
    private static final Pattern EMAIL = Pattern.compile("(?i)" + START
            + "[a-z0-9._%+-]+@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![\\d.]\\d)");
    private static final Pattern HASH = Pattern.compile("(?i)(?<![0-9a-z])([0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})"
            + "(?![0-9a-z])");
    private static final Pattern CVE = Pattern.compile("(?i)(?<![A-Za-z0-9])CVE-\\d{4}-\\d{4,7}(?![0-9])");
    /** A bare host name with a common top-level domain (others are found inside URLs and addresses). */
    private static final Pattern DOMAIN = Pattern.compile("(?i)" + START + "((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+"
            + "(?:com|net|org|info|biz|xyz|top|online|site|shop|club|io|co|me|app|dev|jp|cn|ru|de|uk|fr|nl|br|in|kr"
            + "|tk|ml|ga|cf|gq|pw|cc|ws|su|example))(?![A-Za-z0-9@-])");
    private static final Pattern HOST = Pattern.compile("(?i)^(?:hxxps?|https?)://(?:[^@/]*@)?([^/:?#\\[\\]]+)");

    private TextIndicators() {
    }

    /**
     * The indicators a report is about: from its subject and its own text (without forwarding headers, greeting and
     * signature, whose addresses are the senders', see {@link ReportText#content}).
     */
    public static List<Indicator> ofReport(String subject, String body) {
        return in((subject == null ? "" : subject) + "\n" + ReportText.content(body));
    }

    public static List<Indicator> in(String text) {
        Set<Indicator> found = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Matcher url = URL.matcher(text);
        while (url.find() && found.size() < MAX_INDICATORS) {
            String value = url.group().replaceAll("[.,;:!?)\\]}]+$", "");
            found.add(new Indicator(Indicator.URL, value));
            Matcher host = HOST.matcher(value);
            if (host.find()) {
                String name = host.group(1);
                found.add(IPV4.matcher(name).matches() ? new Indicator(Indicator.IP, name)
                        : new Indicator(Indicator.DOMAIN, name));
            }
        }
        Matcher email = EMAIL.matcher(text);
        while (email.find() && found.size() < MAX_INDICATORS) {
            found.add(new Indicator(Indicator.EMAIL, email.group()));
            found.add(new Indicator(Indicator.DOMAIN, email.group(1)));
        }
        Matcher domain = DOMAIN.matcher(text);
        while (domain.find() && found.size() < MAX_INDICATORS) {
            found.add(new Indicator(Indicator.DOMAIN, domain.group(1)));
        }
        add(found, IPV4.matcher(text), Indicator.IP);
        add(found, HASH.matcher(text), Indicator.HASH);
        add(found, CVE.matcher(text), Indicator.CVE);
        return List.copyOf(found);
    }

    private static void add(Set<Indicator> found, Matcher matcher, String type) {
        while (matcher.find() && found.size() < MAX_INDICATORS) {
            found.add(new Indicator(type, matcher.group()));
        }
    }
}
