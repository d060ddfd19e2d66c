package org.csirtgateway.ui.web;

import org.csirtgateway.ui.auth.Access;

/**
 * What every page shows around its content: the team name, the page title and who is signed in.
 *
 * @param userName null when nobody is signed in (login and error pages)
 * @param csrf     the session's CSRF token for the sign-out form, or null
 * @param access   what the user may do: pages show a button only when {@link #can} its route
 */
public record Chrome(String teamName, String title, String userName, String roleName, String csrf, Access access) {

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
}
