package org.csirtgateway.triage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.csirtgateway.profile.Localized;
import org.csirtgateway.profile.ProfileException;
import org.csirtgateway.profile.ProfileNode;

/**
 * A two-level incident taxonomy: classes with types, each with English and Japanese labels. A category is written
 * {@code class/type} (e.g. {@code fraud/phishing}); the default is the Reference Security Incident Taxonomy (RSIT),
 * bundled as {@code triage/rsit.yml}.
 */
public record Taxonomy(String name, List<TaxonomyClass> classes) {

    public static final String RSIT_RESOURCE = "triage/rsit.yml";

    public Taxonomy {
        classes = List.copyOf(classes);
    }

    public record TaxonomyClass(String id, Localized label, List<TaxonomyType> types) {
        public TaxonomyClass {
            types = List.copyOf(types);
        }
    }

    public record TaxonomyType(String id, Localized label) {
    }

    /** A resolved category: its class and type with labels. */
    public record Category(TaxonomyClass taxonomyClass, TaxonomyType type) {
        public String id() {
            return taxonomyClass.id() + "/" + type.id();
        }

        public String label(String language) {
            return taxonomyClass.label().in(language) + " / " + type.label().in(language);
        }
    }

    /** The bundled RSIT. */
    public static Taxonomy rsit() {
        try (InputStream in = Taxonomy.class.getClassLoader().getResourceAsStream(RSIT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RSIT_RESOURCE);
            }
            return read(new ProfileNode(new YAMLMapper().readTree(in), ""), RSIT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + RSIT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Reads a taxonomy document (see rsit.yml for the format); errors name the key path. */
    public static Taxonomy read(ProfileNode root, String source) {
        root.onlyKeys(Set.of("name", "classes"));
        List<TaxonomyClass> classes = new ArrayList<>();
        Set<String> classIds = new HashSet<>();
        for (ProfileNode item : root.get("classes").list()) {
            item.onlyKeys(Set.of("id", "label", "types"));
            String id = identifier(item.get("id"));
            if (!classIds.add(id)) {
                throw item.get("id").error("class '" + id + "' is listed twice");
            }
            List<TaxonomyType> types = new ArrayList<>();
            Set<String> typeIds = new HashSet<>();
            for (ProfileNode typeNode : item.get("types").list()) {
                typeNode.onlyKeys(Set.of("id", "label"));
                String typeId = identifier(typeNode.get("id"));
                if (!typeIds.add(typeId)) {
                    throw typeNode.get("id").error("type '" + typeId + "' is listed twice in class '" + id + "'");
                }
                types.add(new TaxonomyType(typeId, typeNode.get("label").localized(true)));
            }
            if (types.isEmpty()) {
                throw item.get("types").error("class '" + id + "' needs at least one type");
            }
            classes.add(new TaxonomyClass(id, item.get("label").localized(true), types));
        }
        if (classes.isEmpty()) {
            throw new ProfileException(source + ": classes: a taxonomy needs at least one class");
        }
        return new Taxonomy(root.get("name").text(source), classes);
    }

    /** The category {@code class/type}. */
    public Optional<Category> category(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int slash = id.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String classId = id.substring(0, slash);
        String typeId = id.substring(slash + 1);
        return classes.stream().filter(c -> c.id().equals(classId)).findFirst()
                .flatMap(c -> c.types().stream().filter(t -> t.id().equals(typeId)).findFirst()
                        .map(t -> new Category(c, t)));
    }

    public boolean hasClass(String classId) {
        return classes.stream().anyMatch(c -> c.id().equals(classId));
    }

    /** Every category id, class by class. */
    public List<String> categoryIds() {
        return classes.stream().flatMap(c -> c.types().stream().map(t -> c.id() + "/" + t.id())).toList();
    }

    private static String identifier(ProfileNode node) {
        String id = node.requiredText();
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw node.error("'" + id + "' must be lower-case letters, digits and hyphens");
        }
        return id;
    }

}
