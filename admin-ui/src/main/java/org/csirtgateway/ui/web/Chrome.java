package org.csirtgateway.ui.web;

import org.csirtgateway.ui.auth.Access;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.Texts;

/**
 * What every page shows around its content: the team name, the page title, who is signed in, and the UI's words in
 * the reader's language.
 *
 * @param userName   null when nobody is signed in (login and error pages)
 * @param csrf       the session's CSRF token for the sign-out and language forms, or null
 * @param access     what the user may do: pages show a button only when {@link #can} its route
 * @param texts      the UI's words and formats in the reader's language
 * @param returnPath the page to come back to after switching the language: this page, or for a page rendered in
 *                   answer to a form post the page the form was on
 */
public record Chrome(String teamName, String title, String userName, String roleName, String csrf, Access access,
                     Texts texts, String returnPath) {

    public boolean signedIn() {
        return userName != null;
    }

    /**
     * Whether the user may use {@code route}, by the same rule the server applies to it.
     *
     * @param route "METHOD /path" exactly as declared in the route table, e.g. {@code "POST /tickets/{id}/status"}
     */
    public boolean can(String route) {
        return access.can(route);
    }

    /** The {@code <html lang>} of the page. */
    public String lang() {
        return texts.lang();
    }

    /** Whether the page belongs to the nav section at {@code path} (for {@code aria-current}). */
    public boolean in(String path) {
        return returnPath.equals(path) || returnPath.startsWith(path + "/") || returnPath.startsWith(path + "?");
    }

    /** The languages the switch offers, in a fixed order. */
    public Language[] languages() {
        return Language.values();
    }
}
