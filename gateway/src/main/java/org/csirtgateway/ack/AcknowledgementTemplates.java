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
 * {@code {{teamName}}}, {@code {{teamAddress}}}, {@code {{duplicateOf}}}. A section
 * {@code {{#duplicateOf}}...{{/duplicateOf}}} appears only when the report duplicates an existing ticket.
 */
public final class AcknowledgementTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    /** An optional section (issue 7): kept when its value is given and not empty, removed with its lines otherwise. */
    private static final Pattern SECTION = Pattern.compile("(?s)\\{\\{#(\\w+)}}\n?(.*?)\\{\\{/\\1}}\n?");

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

        private static String render(String text, Map<String, String> values) {
            Matcher sections = SECTION.matcher(text);
            StringBuilder kept = new StringBuilder();
            while (sections.find()) {
                String value = values.get(sections.group(1));
                sections.appendReplacement(kept, Matcher.quoteReplacement(
                        value == null || value.isEmpty() ? "" : sections.group(2)));
            }
            sections.appendTail(kept);
            Matcher matcher = PLACEHOLDER.matcher(kept.toString());
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
