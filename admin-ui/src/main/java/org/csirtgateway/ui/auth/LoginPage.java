package org.csirtgateway.ui.auth;

import org.csirtgateway.ui.web.Chrome;

/**
 * The sign-in form.
 *
 * @param csrf  the pre-session CSRF token, also set as a cookie
 * @param name  the user name to prefill after a failure (never the password)
 * @param error a generic failure message, or null
 * @param action where the form posts: /login, with ?lang= when the page was asked for in a language
 */
public record LoginPage(Chrome chrome, String csrf, String name, String error, String action) {

    public LoginPage(Chrome chrome, String csrf, String name, String error) {
        this(chrome, csrf, name, error, "/login");
    }
}
