package org.csirtgateway.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The team profile file (key {@code profile.file}): one YAML document with the team's profile, constituency,
 * partners, taxonomy, incident definition and classification rules. Read once, validated section by section by
 * {@link TeamProfileLoader} and the triage settings reader; relative paths in it are relative to the file.
 */
public record ProfileFile(Path file, ProfileNode root) {

    /** The top-level sections. */
    public static final Set<String> SECTIONS = Set.of("team", "contact", "constituency", "publicKeys", "partners",
            "publication", "taxonomy", "incidents", "rules");

    public static ProfileFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ProfileException("the team profile " + file + " does not exist or is not a file");
        }
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String problem = original.lines().findFirst().orElse("syntax error");
            throw new ProfileException("the team profile " + file + " is not valid YAML: " + problem
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ProfileException("cannot read the team profile " + file + ": " + e.getMessage());
        }
        ProfileNode root = new ProfileNode(tree, "");
        root.onlyKeys(SECTIONS);
        return new ProfileFile(file, root);
    }

    /** An empty profile (no file configured): every section takes its defaults. */
    public static ProfileFile empty() {
        return new ProfileFile(null, new ProfileNode(null, ""));
    }

    public ProfileNode section(String name) {
        return root.get(name);
    }

    /** {@code value} as a path, relative to the profile file's directory. */
    public Path resolve(String value) {
        Path path = Path.of(value);
        if (path.isAbsolute() || file == null) {
            return path;
        }
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? path : dir.resolve(path).normalize();
    }
}
