package org.csirtgateway.ui.web;

/**
 * What every page shows around its content: the team name, the page title and who is signed in.
 *
 * @param userName null when nobody is signed in (login and error pages)
 * @param csrf     the session's CSRF token for the sign-out form, or null
 */
public record Chrome(String teamName, String title, String userName, String roleName, String csrf) {

    public boolean signedIn() {
        return userName != null;
    }
}
