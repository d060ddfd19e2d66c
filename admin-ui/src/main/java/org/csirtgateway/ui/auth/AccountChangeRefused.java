package org.csirtgateway.ui.auth;

import java.util.Arrays;
import java.util.List;

/**
 * A change to an account that a rule forbids: disabling the last admin, a name that is taken, a password that is too
 * short... The message says which rule and what to do instead; it never holds a password or token. The rule and the
 * values it names ({@link #args()}) let the admin UI say the same in the reader's language.
 */
public final class AccountChangeRefused extends IllegalArgumentException {

    /**
     * The rule, for API clients and the UI's messages: last-admin, own-admin-role, own-account, disabled-user,
     * name-required, name-too-long, name-format, name-taken, password-too-short, password-too-long, role-required,
     * role-unknown, label-too-long, label-format.
     */
    private final String rule;
    /** The values the message names (a user name, a limit), in the order of the UI message's {0}, {1} ... */
    private final transient Object[] args;

    AccountChangeRefused(String rule, String message, Object... args) {
        super(message);
        this.rule = rule;
        this.args = args.clone();
    }

    public String rule() {
        return rule;
    }

    /** The values the message names; never a password or token. */
    public List<Object> args() {
        return args == null ? List.of() : Arrays.asList(args.clone());
    }
}
