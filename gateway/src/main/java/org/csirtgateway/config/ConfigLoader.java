package org.csirtgateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the YAML configuration and applies environment overrides ({@code imap.host} -> {@code CSIRT_IMAP_HOST}), so
 * secrets need not sit in the file. Unknown keys are errors: a typo must not silently fall back to a default.
 */
public final class ConfigLoader {

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public GatewayConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Configuration file " + file + " does not exist or is not a file");
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            // Only the first line of the parser's message, and not the parser's exception as the cause: the rest
            // quotes the offending line, which may hold a password.
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String problem = original.lines().findFirst().orElse("");
            throw new ConfigException("Configuration file " + file + " is not valid YAML: "
                    + (problem.isBlank() ? "syntax error" : problem) + locationOf(e));
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw new ConfigException("Configuration file " + file + " must be a YAML mapping of sections");
            }
            flatten("", root, values, file);
        }
        return fromValues(values);
    }

    /**
     * The configuration of a bare data directory, for the data commands given {@code --data DIR} instead of a
     * configuration file: no mail servers are reached and no acknowledgement is composed; every other key has its
     * default, and the environment applies as usual (e.g. {@code CSIRT_PGP_SECRET_KEYS} for the team's keys,
     * {@code CSIRT_TEAM_TICKET_PREFIX}).
     */
    public GatewayConfig forDataDirectory(java.nio.file.Path dataDir) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("data.dir", dataDir.toString());
        values.put("team.address", "csirt@data-directory.invalid");
        values.put("imap.host", "localhost");
        values.put("imap.user", "csirt@data-directory.invalid");
        values.put("imap.password", "not-used");
        values.put("smtp.host", "localhost");
        values.put("acknowledgement.enabled", "false");
        return fromValues(values);
    }

    /** Builds the configuration from already flat values plus the environment (used by the demo and tests). */
    public GatewayConfig fromValues(Map<String, String> fileValues) {
        Map<String, String> values = new LinkedHashMap<>();
        List<EffectiveConfiguration.Entry> effective = new ArrayList<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            values.put(key.path(), resolve(key, fileValues, effective));
        }
        java.util.List<String> channels = channelNames(values);
        for (String channel : channels) {
            for (ConfigKey key : ConfigKeys.channelKeys(channel, values)) {
                values.put(key.path(), resolve(key, fileValues, effective));
            }
        }
        for (String path : fileValues.keySet()) {
            if (ConfigKeys.find(path).isPresent()) {
                continue;
            }
            java.util.Optional<String> channel = ConfigKeys.channelOf(path);
            if (channel.isEmpty()) {
                throw new ConfigException("Unknown key '" + path + "'");
            }
            if (!channels.contains(channel.get())) {
                throw new ConfigException("Key '" + path + "' is for channel '" + channel.get()
                        + "', which is not listed in imap.channels");
            }
        }
        return GatewayConfig.from(new ConfigValues(values), channels, new EffectiveConfiguration(effective));
    }

    /** The key's value: environment over file over default; also noted in {@code effective} with its source. */
    private String resolve(ConfigKey key, Map<String, String> fileValues, List<EffectiveConfiguration.Entry> effective) {
        String fromEnv = environment.get(key.environmentVariable());
        String fromFile = fileValues.get(key.path());
        String value = fromEnv != null ? fromEnv : fromFile != null ? fromFile : key.defaultValue();
        if (value == null || (key.required() && value.isBlank())) {
            throw new ConfigException("Missing required key '" + key.path() + "' (" + key.help()
                    + "); set it in the file or in " + key.environmentVariable());
        }
        EffectiveConfiguration.Source source = fromEnv != null ? EffectiveConfiguration.Source.ENVIRONMENT
                : fromFile != null ? EffectiveConfiguration.Source.FILE : EffectiveConfiguration.Source.DEFAULT;
        effective.add(EffectiveConfiguration.Entry.of(key, value, source));
        return value;
    }

    /** The further channels' names from imap.channels, validated: distinct, well-formed, not the default's name. */
    private static java.util.List<String> channelNames(Map<String, String> values) {
        java.util.List<String> names = new java.util.ArrayList<>();
        String defaultChannel = values.get("imap.channel").strip();
        for (String raw : values.get("imap.channels").split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!ConfigKeys.CHANNEL_NAME.matcher(name).matches()) {
                throw new ConfigException("Key 'imap.channels': channel name '" + name + "' must be lower-case "
                        + "letters and digits, starting with a letter (at most 32)");
            }
            if (ConfigKeys.reservedChannelName(name)) {
                throw new ConfigException("Key 'imap.channels': '" + name + "' is a key name, not usable as a "
                        + "channel name");
            }
            if (name.equals(defaultChannel) || names.contains(name)) {
                throw new ConfigException("Key 'imap.channels': channel '" + name + "' is named twice (the default "
                        + "channel is imap.channel = " + defaultChannel + ")");
            }
            names.add(name);
        }
        return names;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(path, value, out, file);
            } else if (value.isArray() && path.equals("imap.channels")) {
                java.util.List<String> names = new java.util.ArrayList<>();
                value.forEach(item -> names.add(item.asText()));
                out.put(path, String.join(",", names));
            } else if (value.isArray() && ConfigKeys.LISTS.contains(path)) {
                List<String> entries = new ArrayList<>();
                for (JsonNode entry : value) {
                    if (!entry.isValueNode()) {
                        throw new ConfigException("Key '" + path + "' in " + file + " must be a list of single values");
                    }
                    entries.add(entry.asText());
                }
                out.put(path, String.join("\n", entries));
            } else if (value.isArray()) {
                throw new ConfigException("Key '" + path + "' in " + file + " must be a single value, not a list");
            } else if (ConfigKeys.find(path).isEmpty() && ConfigKeys.channelOf(path).isEmpty()) {
                throw new ConfigException("Unknown key '" + path + "' in " + file);
            } else if (!value.isNull()) {
                out.put(path, value.asText());
            }
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
