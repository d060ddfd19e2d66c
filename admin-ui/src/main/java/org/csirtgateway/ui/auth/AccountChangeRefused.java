package org.csirtgateway.ui.auth;

/**
 * A change to an account that a rule forbids, e.g. disabling the last admin. The message says which rule and what
 * to do instead; it never holds a password or token.
 */
public final class AccountChangeRefused extends IllegalArgumentException {

    /** The rule, for API clients: last-admin, own-admin-role, own-account, disabled-user. */
    private final String rule;

    AccountChangeRefused(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
