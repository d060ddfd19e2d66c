package org.csirtgateway.ack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acknowledgement texts per language, read from {@code ack-<lang>.txt} files in the template directory. A file starts
 * with a {@code Subject:} line, a blank line, then the body. Placeholders: {@code {{ticketId}}}, {@code {{subject}}},
 * {@code {{teamName}}}, {@code {{teamAddress}}}, {@code {{teamKeyFingerprint}}}, {@code {{teamContactUrl}}}, {@code {{duplicateOf}}}
 * (the existing ticket a duplicate report joined, issue 7).
 *
 * <p>Optional text sits in a section, {@code {{#name}}...{{/name}}}: it is kept when the value {@code name} is not
 * blank and left out entirely (with the line break after its end marker) when it is, so an unset key fingerprint
 * leaves no dangling "Our key:" line.
 */
public final class AcknowledgementTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final Pattern SECTION = Pattern.compile("\\{\\{#(\\w+)}}(.*?)\\{\\{/\\1}}\\n?", Pattern.DOTALL);

    private final Map<String, Template> byLanguage;
    private final String defaultLanguage;

    private AcknowledgementTemplates(Map<String, Template> byLanguage, String defaultLanguage) {
        this.byLanguage = Map.copyOf(byLanguage);
        this.defaultLanguage = defaultLanguage;
    }

    /** Loads every {@code ack-*.txt} in {@code directory}; the default language must be among them. */
    public static AcknowledgementTemplates load(Path directory, String defaultLanguage) throws IOException {
        Map<String, Template> templates = new LinkedHashMap<>();
        if (!Files.isDirectory(directory)) {
            throw new IOException("acknowledgement template directory " + directory + " does not exist");
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("ack-[a-z]{2}\\.txt")).toList()) {
                String language = file.getFileName().toString().substring(4, 6);
                templates.put(language, Template.parse(file, Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        if (!templates.containsKey(defaultLanguage)) {
            throw new IOException("no acknowledgement template ack-" + defaultLanguage + ".txt in " + directory);
        }
        return new AcknowledgementTemplates(templates, defaultLanguage);
    }

    /** The template for {@code language}, or the default language's. */
    public Template forLanguage(String language) {
        return byLanguage.getOrDefault(language, byLanguage.get(defaultLanguage));
    }

    public String defaultLanguage() {
        return defaultLanguage;
    }

    /** One language's subject and body with placeholders. */
    public record Template(String language, String subject, String body) {

        static Template parse(Path file, String text) throws IOException {
            String normalized = text.replace("\r\n", "\n");
            int blank = normalized.indexOf("\n\n");
            if (!normalized.startsWith("Subject:") || blank < 0) {
                throw new IOException(file + ": an acknowledgement template starts with a 'Subject:' line, then a "
                        + "blank line, then the body");
            }
            String name = file.getFileName().toString();
            return new Template(name.substring(4, 6), normalized.substring("Subject:".length(), blank).strip(),
                    normalized.substring(blank + 2));
        }

        public String renderSubject(Map<String, String> values) {
            return render(subject, values);
        }

        public String renderBody(Map<String, String> values) {
            return render(body, values);
        }

        private static String render(String template, Map<String, String> values) {
            Matcher section = SECTION.matcher(template);
            StringBuilder kept = new StringBuilder();
            while (section.find()) {
                String value = values.get(section.group(1));
                boolean show = value != null && !value.isBlank();
                section.appendReplacement(kept, Matcher.quoteReplacement(show ? section.group(2)
                        + (section.group().endsWith("\n") ? "\n" : "") : ""));
            }
            section.appendTail(kept);
            String text = kept.toString();
            Matcher matcher = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String value = values.getOrDefault(matcher.group(1), matcher.group());
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }
}
