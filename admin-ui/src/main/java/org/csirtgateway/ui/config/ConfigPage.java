package org.csirtgateway.ui.config;

import java.util.List;

import org.csirtgateway.config.EffectiveConfiguration;
import org.csirtgateway.ui.web.Chrome;

/** The read-only view of the gateway's effective configuration; secrets are masked before they get here. */
public record ConfigPage(Chrome chrome, List<EffectiveConfiguration.Entry> entries, ConfigDescriptions descriptions) {

    public ConfigPage {
        entries = List.copyOf(entries);
    }

    /** What {@code entry} means, in the reader's language when there is a text in it, else in English. */
    public ConfigDescriptions.Description description(EffectiveConfiguration.Entry entry) {
        return descriptions.describe(entry, chrome.texts());
    }
}
