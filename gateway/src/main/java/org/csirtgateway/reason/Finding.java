package org.csirtgateway.reason;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A reason or finding shown to analysts, as data: a code and its parameters. The admin UI renders it in the analyst's
 * language from the message bundle key {@code reason.<code>} ({@code {0}}, {@code {1}}, ... are the parameters), so
 * no English sentence is stored. Parameters are facts (fingerprints, user IDs, key IDs, limits, dates, header
 * values), never an exception's text.
 *
 * <p>Stored as JSON, {@code {"code":"...","params":[...]}}. Rows written before reasons were data may hold an English
 * sentence instead; {@link #fromStored} reads those as the code {@value #LEGACY_TEXT} with the sentence as parameter.
 */
public record Finding(String code, List<String> params) {

    /** The code of a reason stored as English text by an earlier version: shown as it is. */
    public static final String LEGACY_TEXT = "text";

    /** Nothing to say (no encryption, no signature). */
    public static final Finding NONE = new Finding("", List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    public Finding {
        code = code == null ? "" : code;
        List<String> copy = new ArrayList<>(params == null ? List.of() : params);
        copy.replaceAll(p -> p == null ? "" : p);
        params = List.copyOf(copy);
    }

    /** A finding with parameters given as they are to be shown ({@code null} becomes ""). */
    public static Finding of(String code, Object... params) {
        List<String> values = new ArrayList<>(params.length);
        for (Object param : params) {
            values.add(param == null ? "" : String.valueOf(param));
        }
        return new Finding(code, values);
    }

    public boolean isNone() {
        return code.isEmpty();
    }

    /** The parameter at {@code index}, or "" when there is none. */
    public String param(int index) {
        return index < params.size() ? params.get(index) : "";
    }

    /** The stored form: JSON, or "" for {@link #NONE}. */
    public String toStored() {
        if (isNone()) {
            return "";
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("code", code);
        ArrayNode values = node.putArray("params");
        params.forEach(values::add);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a finding is always writable as JSON", e);
        }
    }

    /** Reads {@link #toStored}'s form; an earlier version's English sentence becomes a {@value #LEGACY_TEXT}. */
    public static Finding fromStored(String stored) {
        if (stored == null || stored.isBlank()) {
            return NONE;
        }
        if (stored.startsWith("{\"code\"")) {
            try {
                JsonNode node = JSON.readTree(stored);
                List<String> values = new ArrayList<>();
                node.path("params").forEach(value -> values.add(value.asText()));
                return new Finding(node.path("code").asText(), values);
            } catch (JsonProcessingException e) {
                // not ours after all: shown as the text it is
            }
        }
        return new Finding(LEGACY_TEXT, List.of(stored));
    }

    /** Several findings stored as one JSON array (message-level warnings). */
    public static String toStored(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "[]";
        }
        ArrayNode array = JSON.createArrayNode();
        for (Finding finding : findings) {
            ObjectNode node = array.addObject();
            node.put("code", finding.code());
            ArrayNode values = node.putArray("params");
            finding.params().forEach(values::add);
        }
        return array.toString();
    }

    /** Reads {@link #toStored(List)}'s form; empty for null or blank. */
    public static List<Finding> listFromStored(String stored) {
        List<Finding> findings = new ArrayList<>();
        if (stored == null || stored.isBlank()) {
            return findings;
        }
        try {
            for (JsonNode node : JSON.readTree(stored)) {
                List<String> values = new ArrayList<>();
                node.path("params").forEach(value -> values.add(value.asText()));
                findings.add(new Finding(node.path("code").asText(), values));
            }
        } catch (JsonProcessingException e) {
            findings.add(new Finding(LEGACY_TEXT, List.of(stored)));
        }
        return findings;
    }
}
