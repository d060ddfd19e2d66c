package org.csirtgateway.ack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acknowledgement texts per language, read from {@code ack-<lang>.txt} files in the template directory. A file starts
 * with a {@code Subject:} line, a blank line, then the body. Placeholders: {@code {{ticketId}}}, {@code {{subject}}},
 * {@code {{teamName}}}, {@code {{teamAddress}}}, {@code {{teamKeyFingerprint}}}, {@code {{teamContactUrl}}}, {@code {{duplicateOf}}}
 * (the existing ticket a duplicate report joined).
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
    public static final class Template {

        private final String language;
        private final String subject;
        private final String body;
        private final Compiled compiledSubject;
        private final Compiled compiledBody;

        Template(String language, String subject, String body) {
            this.language = language;
            this.subject = subject;
            this.body = body;
            this.compiledSubject = new Compiled(subject);
            this.compiledBody = new Compiled(body);
        }

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

        public String language() {
            return language;
        }

        public String subject() {
            return subject;
        }

        public String body() {
            return body;
        }

        public String renderSubject(Map<String, String> values) {
            return compiledSubject.render(values);
        }

        public String renderBody(Map<String, String> values) {
            return compiledBody.render(values);
        }
    }

    /**
     * A template text read once: where its sections are, and for each combination of shown sections met so far, the
     * text cut at its placeholders. Rendering an acknowledgement then only joins pieces, instead of running the
     * section and placeholder patterns over the whole template for every report.
     */
    private static final class Compiled {
        /** Most combinations of shown sections kept; beyond, a rendering is worked out each time. */
        private static final int MAX_KEPT = 64;

        private record Section(int start, int end, String name, String content, boolean lineBreak) {
        }

        private final String template;
        private final List<Section> sections = new ArrayList<>();
        private final Map<Set<String>, List<String>> byShown = new ConcurrentHashMap<>();

        Compiled(String template) {
            this.template = template;
            Matcher section = SECTION.matcher(template);
            while (section.find()) {
                sections.add(new Section(section.start(), section.end(), section.group(1), section.group(2),
                        section.group().endsWith("\n")));
            }
        }

        String render(Map<String, String> values) {
            Set<String> shown = new HashSet<>();
            for (Section section : sections) {
                String value = values.get(section.name());
                if (value != null && !value.isBlank()) {
                    shown.add(section.name());
                }
            }
            List<String> pieces = byShown.get(shown);
            if (pieces == null) {
                pieces = splitAtPlaceholders(withSections(shown));
                if (byShown.size() < MAX_KEPT) {
                    byShown.put(Set.copyOf(shown), pieces);
                }
            }
            return replacePlaceholders(pieces, values);
        }

        private String withSections(Set<String> shown) {
            StringBuilder text = new StringBuilder();
            int at = 0;
            for (Section section : sections) {
                text.append(template, at, section.start());
                if (shown.contains(section.name())) {
                    text.append(section.content()).append(section.lineBreak() ? "\n" : "");
                }
                at = section.end();
            }
            return text.append(template, at, template.length()).toString();
        }
    }

    /**
     * The text cut at its placeholders: literal text and placeholders alternate, starting with literal text (even
     * indexes: literal; odd: the placeholder as written, e.g. {@code {{ticketId}}}).
     */
    private static List<String> splitAtPlaceholders(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        int at = 0;
        while (placeholder.find()) {
            pieces.add(text.substring(at, placeholder.start()));
            pieces.add(placeholder.group());
            at = placeholder.end();
        }
        pieces.add(text.substring(at));
        return List.copyOf(pieces);
    }

    private static String replacePlaceholders(List<String> pieces, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            if (i % 2 == 0) {
                out.append(piece);
            } else {
                out.append(values.getOrDefault(piece.substring(2, piece.length() - 2), piece));
            }
        }
        return out.toString();
    }
}
