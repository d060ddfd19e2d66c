package org.csirtgateway.profile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node of the team profile YAML together with its key path ({@code constituency.networks[2]}), so that every
 * validation error names exactly where the problem is. Unknown keys are errors: a typo must not silently disable a
 * rule or a network.
 */
public final class ProfileNode {

    private final JsonNode node;
    private final String path;

    public ProfileNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    public String path() {
        return path;
    }

    public boolean present() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    public ProfileNode get(String key) {
        String child = path.isEmpty() ? key : path + "." + key;
        return new ProfileNode(present() && node.isObject() ? node.get(key) : null, child);
    }

    /** Fails when this mapping holds a key outside {@code allowed}. */
    public ProfileNode onlyKeys(Set<String> allowed) {
        if (!present()) {
            return this;
        }
        if (!node.isObject()) {
            throw error("must be a mapping of keys");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ProfileException((path.isEmpty() ? "" : path + ".") + name + ": unknown key (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    public String text(String fallback) {
        if (!present()) {
            return fallback;
        }
        if (!node.isValueNode()) {
            throw error("must be a single value");
        }
        String value = node.asText().strip();
        return value.isEmpty() ? fallback : value;
    }

    public String requiredText() {
        String value = text(null);
        if (value == null) {
            throw error("is required");
        }
        return value;
    }

    public int integer(int fallback) {
        if (!present()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error("must be a whole number, got '" + node.asText() + "'");
        }
        return node.asInt();
    }

    public List<ProfileNode> list() {
        if (!present()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("must be a list");
        }
        List<ProfileNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new ProfileNode(node.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    public List<String> texts() {
        return list().stream().map(ProfileNode::requiredText).toList();
    }

    /** English and Japanese text: either a single string (both languages) or a mapping {@code en:}, {@code ja:}. */
    public Localized localized(boolean required) {
        if (!present()) {
            if (required) {
                throw error("is required (a text, or en: and ja: texts)");
            }
            return Localized.EMPTY;
        }
        if (node.isValueNode()) {
            String value = node.asText().strip();
            return new Localized(value, value);
        }
        onlyKeys(Set.of("en", "ja"));
        String en = get("en").text("");
        String ja = get("ja").text("");
        if (required && en.isEmpty() && ja.isEmpty()) {
            throw error("is required (a text, or en: and ja: texts)");
        }
        return new Localized(en.isEmpty() ? ja : en, ja.isEmpty() ? en : ja);
    }

    public boolean isMapping() {
        return present() && node.isObject();
    }

    public Map<String, ProfileNode> entries() {
        if (!present()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw error("must be a mapping of keys");
        }
        Map<String, ProfileNode> entries = new java.util.LinkedHashMap<>();
        node.fieldNames().forEachRemaining(name -> entries.put(name, get(name)));
        return entries;
    }

    public ProfileException error(String problem) {
        return new ProfileException(path + ": " + problem);
    }
}
