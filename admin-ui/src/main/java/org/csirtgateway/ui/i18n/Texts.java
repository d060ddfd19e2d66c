package org.csirtgateway.ui.i18n;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Map;

/**
 * The UI's words and formats in one language, for one request: given to every template through
 * {@link org.csirtgateway.ui.web.Chrome#texts()}. Templates escape everything it returns.
 *
 * <p>Messages are {@code {0}}-style patterns from {@code i18n/messages_<lang>.properties}; an argument that is a
 * number is written with the language's digit grouping. Instants are shown in the team's time zone.
 */
public final class Texts {

    private final Language language;
    private final Map<String, String> messages;
    private final ZoneId zone;
    private final DateTimeFormatter when;
    private final DateTimeFormatter day;

    Texts(Language language, Map<String, String> messages, ZoneId zone) {
        this.language = language;
        this.messages = messages;
        this.zone = zone;
        // The offset UTC would be written "Z"; the zone UTC is written "UTC".
        ZoneId shown = zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
        this.when = DateTimeFormatter.ofPattern(messages.getOrDefault("format.when", "yyyy-MM-dd HH:mm z"),
                language.locale()).withZone(shown);
        this.day = DateTimeFormatter.ofPattern(messages.getOrDefault("format.date", "yyyy-MM-dd"), language.locale());
    }

    /** English, UTC: for pages rendered before anyone chose (and for code that has no request). */
    public static Texts english() {
        return Messages.bundled().texts(Language.ENGLISH, ZoneOffset.UTC);
    }

    public Language language() {
        return language;
    }

    /** The {@code <html lang>} value: en or ja. */
    public String lang() {
        return language.code();
    }

    /** The team's time zone, in which times are shown and dates are meant. */
    public ZoneId zone() {
        return zone;
    }

    /** The message {@code key}, its {@code {0}}, {@code {1}} ... replaced by {@code args}; the key itself if missing. */
    public String t(String key, Object... args) {
        String pattern = messages.get(key);
        if (pattern == null) {
            return key;
        }
        return args.length == 0 ? pattern : fill(pattern, args);
    }

    /**
     * A message that depends on a count: {@code key.one} for 1, else {@code key.other}; {@code {0}} is the count and
     * {@code {1}} ... are {@code more}.
     */
    public String n(String key, long count, Object... more) {
        Object[] args = new Object[more.length + 1];
        args[0] = count;
        System.arraycopy(more, 0, args, 1, more.length);
        return t(key + (count == 1 ? ".one" : ".other"), args);
    }

    /**
     * The label of a value from a fixed set (a status, a role, a kind ...): message {@code group.value}, or the value
     * itself when it has none (so a value this version does not know is still shown).
     */
    public String label(String group, String value) {
        if (value == null || value.isEmpty()) {
            return "—";
        }
        String label = messages.get(group + "." + value);
        return label == null ? value : label;
    }

    /**
     * Why a change to a ticket or an account was refused: in English the rule's own message (it names the values
     * involved), otherwise the message {@code refusal.<rule>} with {@code args} (the values the rule names), or the
     * English message for a rule without one.
     */
    public String refusal(String rule, String english, Object... args) {
        if (language == Language.ENGLISH) {
            return english;
        }
        String text = messages.get("refusal." + rule);
        return text == null ? english : args.length == 0 ? text : fill(text, args);
    }

    /**
     * A reason stored as data: message {@code reason.<code>} filled with its parameters. A reason an earlier version
     * stored as English text is shown as it is; a code this version has no message for shows the code and its
     * parameters, so nothing is hidden.
     */
    public String reason(org.csirtgateway.reason.Finding finding) {
        if (finding == null || finding.isNone()) {
            return "";
        }
        if (finding.code().equals(org.csirtgateway.reason.Finding.LEGACY_TEXT)) {
            return finding.param(0);
        }
        String pattern = messages.get("reason." + finding.code());
        if (pattern == null) {
            return finding.params().isEmpty() ? finding.code()
                    : finding.code() + ": " + String.join(", ", finding.params());
        }
        return fill(pattern, finding.params().toArray());
    }

    /** A ticket status's label. */
    public String status(String status) {
        return label("status", status);
    }

    /** A date and time in the team's zone: "2026-03-02 09:00 UTC", "2026年3月2日(月) 18:00 JST"; a dash for null. */
    public String when(Instant instant) {
        return instant == null ? "—" : when.format(instant);
    }

    /** A date: "2026-03-02", "2026年3月2日"; a dash for null. */
    public String date(LocalDate date) {
        return date == null ? "—" : day.format(date);
    }

    /** A month as a chart axis labels it: "Mar" or "Jan 2027"; "3月" or "2027年1月". */
    public String month(LocalDate firstDay) {
        String key = firstDay.getMonthValue() == 1 ? "format.month.withYear" : "format.month";
        return t(key, firstDay.getMonth().getDisplayName(TextStyle.SHORT, language.locale()),
                String.valueOf(firstDay.getYear()), String.valueOf(firstDay.getMonthValue()));
    }

    /** A whole number with the language's digit grouping. */
    public String number(long value) {
        return NumberFormat.getIntegerInstance(language.locale()).format(value);
    }

    /** "&lt; 1 s", "45 s", "3 min 20 s", "2 h 05 min", "3 d 4 h" (and the Japanese forms); a dash for null. */
    public String duration(Duration d) {
        if (d == null) {
            return t("duration.none");
        }
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 1) {
            return t("duration.underSecond");
        }
        if (seconds < 60) {
            return t("duration.seconds", seconds);
        }
        if (seconds < 3600) {
            return t("duration.minutes", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return t("duration.hours", seconds / 3600, String.format("%02d", (seconds % 3600) / 60));
        }
        return t("duration.days", seconds / 86_400, (seconds % 86_400) / 3600);
    }

    private String fill(String pattern, Object[] args) {
        StringBuilder out = new StringBuilder(pattern.length() + 16);
        int at = 0;
        while (at < pattern.length()) {
            int open = pattern.indexOf('{', at);
            int close = open < 0 ? -1 : pattern.indexOf('}', open);
            if (open < 0 || close < 0) {
                out.append(pattern, at, pattern.length());
                break;
            }
            out.append(pattern, at, open);
            String index = pattern.substring(open + 1, close);
            if (index.matches("[0-9]") && Integer.parseInt(index) < args.length) {
                Object arg = args[Integer.parseInt(index)];
                out.append(arg instanceof Long || arg instanceof Integer ? number(((Number) arg).longValue())
                        : String.valueOf(arg));
            } else {
                out.append(pattern, open, close + 1);
            }
            at = close + 1;
        }
        return out.toString();
    }
}
