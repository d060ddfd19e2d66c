package org.csirtgateway.triage;

import java.nio.file.Files;

import org.csirtgateway.config.ConfigException;
import org.csirtgateway.config.GatewayConfig;
import org.csirtgateway.profile.ProfileException;
import org.csirtgateway.profile.ProfileFile;
import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.profile.TeamProfileLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The team's own definitions, read from the team profile file: who the team is and whom it serves
 * ({@link TeamProfile}), and how reports are classified ({@link TriageSettings}).
 */
public record TeamDefinitions(TeamProfile profile, TriageSettings triage) {

    private static final Logger LOG = LoggerFactory.getLogger(TeamDefinitions.class);

    /**
     * Reads {@code profile.file}. A missing file is an error when the key was set; when the key is left at its default
     * the gateway runs without a profile (no constituency, partners or rules; the RSIT taxonomy).
     *
     * @throws ConfigException naming the profile file and the key path of the first wrong value
     */
    public static TeamDefinitions load(GatewayConfig config) {
        GatewayConfig.Profile settings = config.profile();
        ProfileFile file;
        if (!settings.required() && !Files.exists(settings.file())) {
            LOG.warn("No team profile at {} (profile.file): triage runs without constituency, partners or rules",
                    settings.file().toAbsolutePath());
            file = ProfileFile.empty();
        } else {
            try {
                file = ProfileFile.read(settings.file());
            } catch (ProfileException e) {
                throw new ConfigException("Key 'profile.file': " + e.getMessage());
            }
        }
        return from(file, config);
    }

    /** Reads an already opened profile file. */
    public static TeamDefinitions from(ProfileFile file, GatewayConfig config) {
        try {
            return new TeamDefinitions(new TeamProfileLoader(config.team()).load(file), TriageSettings.read(file));
        } catch (ProfileException e) {
            throw new ConfigException("Team profile " + (file.file() == null ? "(none)" : file.file()) + ": "
                    + e.getMessage());
        }
    }
}
