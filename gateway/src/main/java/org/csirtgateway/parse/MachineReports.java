package org.csirtgateway.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Structured fields of machine-readable reports: ARF feedback reports (RFC 5965) and RFC 3464 delivery status, both
 * blocks of "Name: value" lines; X-ARF 0.2 (a YAML part) and X-ARF v4 (a JSON document), flattened to dotted names.
 */
final class MachineReports {

    // compiled once: they run for every line of every machine-readable part
    private static final java.util.regex.Pattern LINE_BREAK = java.util.regex.Pattern.compile("\\r?\\n|\\r");
    private static final java.util.regex.Pattern FIELD_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** A report part larger than this is not read for fields (the part itself is still kept). */
    static final int MAX_REPORT_CHARS = 256 * 1024;
    private static final int MAX_FIELDS = 200;
    private static final int MAX_VALUE_CHARS = 500;

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** "Name: value" lines with folded continuations; blank lines (DSN per-recipient blocks) are skipped. */
    List<ReportField> headerBlock(String format, String text) {
        List<ReportField> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : LINE_BREAK.split(bounded(text))) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            add(fields, format, name, value);
            name = null;
            value.setLength(0);
            int colon = line.indexOf(':');
            if (colon > 0 && FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
                name = line.substring(0, colon);
                value.append(line.substring(colon + 1).strip());
            }
        }
        add(fields, format, name, value);
        return fields;
    }

    /**
     * X-ARF 0.1/0.2: the YAML report part. When the part as a whole is not YAML (one line such as
     * {@code Schema-URL: http: //...} spoils the document), each top-level {@code Key: value} entry (with its indented
     * lines) is read on its own, so the fields that are fine are kept; a warning names the lines that were not.
     */
    List<ReportField> xarfYaml(String text, List<String> warnings) {
        String bounded = bounded(text);
        try {
            return flatten(yaml.readTree(bounded));
        } catch (IOException | RuntimeException e) {
            List<ReportField> fields = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            String[] lines = LINE_BREAK.split(bounded, -1);
            for (int start = 0; start < lines.length; ) {
                int end = start + 1; // an entry is its line and the indented or list lines under it
                while (end < lines.length && !lines[end].isEmpty()
                        && (Character.isWhitespace(lines[end].charAt(0)) || lines[end].startsWith("- "))) {
                    end++;
                }
                String first = lines[start];
                if (!first.isBlank() && !first.startsWith("---") && !first.startsWith("...")
                        && !first.startsWith("#")) {
                    readEntry(lines, start, end, fields, unreadable);
                }
                start = end;
            }
            if (fields.isEmpty()) {
                warnings.add("X-ARF report part is not readable YAML: " + firstLine(e.getMessage()));
            } else if (!unreadable.isEmpty()) {
                warnings.add("X-ARF report part: " + (unreadable.size() == 1 ? "line " : "lines ")
                        + String.join("; ", unreadable) + " could not be read as YAML and "
                        + (unreadable.size() == 1 ? "was" : "were") + " left out; the other fields were read");
            }
            return fields;
        }
    }

    /** One top-level entry, lines {@code [start, end)}, read as YAML on its own; the line noted when it is not. */
    private void readEntry(String[] lines, int start, int end, List<ReportField> fields, List<String> unreadable) {
        String entry = String.join("\n", java.util.Arrays.asList(lines).subList(start, end));
        try {
            JsonNode node = yaml.readTree(entry);
            if (node != null && node.isObject() && node.size() > 0 && fields.size() < MAX_FIELDS) {
                flatten("", node, fields);
                return;
            }
        } catch (IOException | RuntimeException e) {
            // noted below
        }
        String line = lines[start].strip();
        unreadable.add((start + 1) + " (" + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + ")");
    }

    /** X-ARF v4 JSON; an empty list when the text is not an X-ARF document. */
    List<ReportField> xarfJson(String text, List<String> warnings) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{")) {
            return List.of();
        }
        try {
            JsonNode root = json.readTree(bounded(trimmed));
            if (root == null || !root.isObject() || !root.has("Report") && !root.has("ReporterInfo")) {
                return List.of();
            }
            return flatten(root);
        } catch (IOException | RuntimeException e) {
            warnings.add("X-ARF JSON part is not readable JSON: " + firstLine(e.getMessage()));
            return List.of();
        }
    }

    private List<ReportField> flatten(JsonNode root) {
        List<ReportField> fields = new ArrayList<>();
        flatten("", root, fields);
        return fields;
    }

    private void flatten(String prefix, JsonNode node, List<ReportField> fields) {
        if (fields.size() >= MAX_FIELDS || node == null) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), fields);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), fields);
            }
        } else if (!prefix.isEmpty()) {
            fields.add(new ReportField(ReportField.XARF, prefix, bound(node.asText())));
        }
    }

    private static void add(List<ReportField> fields, String format, String name, StringBuilder value) {
        if (name != null && fields.size() < MAX_FIELDS) {
            fields.add(new ReportField(format, name, bound(value.toString())));
        }
    }

    private static String bound(String value) {
        String single = value.replaceAll("[\\r\\n]+", " ").strip();
        return single.length() > MAX_VALUE_CHARS ? single.substring(0, MAX_VALUE_CHARS) + "..." : single;
    }

    private static String bounded(String text) {
        return text.length() > MAX_REPORT_CHARS ? text.substring(0, MAX_REPORT_CHARS) : text;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
