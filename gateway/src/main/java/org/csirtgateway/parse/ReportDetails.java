package org.csirtgateway.parse;

import java.util.List;

import org.csirtgateway.indicator.Indicator;

/**
 * What a report carries besides its own text: forwarded messages, attachments, machine-readable report fields and
 * indicators. All of it is reporter-controlled.
 */
public record ReportDetails(List<Evidence> evidence, List<Attachment> attachments, List<ReportField> fields,
                            List<Indicator> indicators) {

    public static final ReportDetails NONE = new ReportDetails(List.of(), List.of(), List.of(), List.of());

    public ReportDetails {
        evidence = List.copyOf(evidence);
        attachments = List.copyOf(attachments);
        fields = List.copyOf(fields);
        indicators = List.copyOf(indicators);
    }

    /**
     * Text to index besides the message's own: forwarded messages, text attachments and the report fields as
     * "Name: value" lines, so a search for {@code feedback type abuse} or a source IP finds the report.
     */
    public String searchableText() {
        StringBuilder text = new StringBuilder();
        for (Evidence e : evidence) {
            append(text, e.headerSummary());
            append(text, e.bodyText());
        }
        for (Attachment a : attachments) {
            append(text, a.filename());
            if (a.text() != null) {
                append(text, a.text());
            }
        }
        for (ReportField f : fields) {
            append(text, f.name() + ": " + f.value());
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String part) {
        if (part == null || part.isBlank()) {
            return;
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append(part);
    }
}
