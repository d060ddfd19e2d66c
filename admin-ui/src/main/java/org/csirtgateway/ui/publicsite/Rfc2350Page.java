package org.csirtgateway.ui.publicsite;

import java.util.List;

import java.time.ZoneOffset;

import org.csirtgateway.profile.TeamProfile;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.Messages;

/**
 * The RFC 2350 team description in one language. All texts come from the team profile (trusted configuration,
 * still escaped on output).
 *
 * @param language          en or ja
 * @param otherUrl          the same page in the other language
 * @param incidentCategories the labels of what the team counts as incidents, in this language
 * @param keyUrl            the published key's URL, or null when the team publishes none
 */
public record Rfc2350Page(String language, TeamProfile profile, String selfUrl, String otherUrl,
                          List<String> incidentCategories, String keyUrl, String keyFingerprint) {

    public Rfc2350Page {
        incidentCategories = List.copyOf(incidentCategories);
    }

    /** A heading or fixed sentence in this page's language (the admin UI's bundles, keys rfc2350.*). */
    public String t(String key) {
        return Messages.bundled().texts(Language.parse(language).orElse(Language.ENGLISH), ZoneOffset.UTC).t(key);
    }

    /** A profile text in this page's language. */
    public String text(org.csirtgateway.profile.Localized localized) {
        return localized.in(language);
    }

    public List<String> networks() {
        List<String> all = new java.util.ArrayList<>();
        profile.constituency().networks().forEach(n -> all.add(n.toString()));
        profile.constituency().domains().forEach(d -> all.add(d.name()));
        profile.constituency().asns().forEach(a -> all.add("AS" + a));
        return all;
    }
}
