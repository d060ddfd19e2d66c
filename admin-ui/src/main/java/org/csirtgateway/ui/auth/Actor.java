package org.csirtgateway.ui.auth;

import java.util.Optional;

/**
 * Who makes an account change, for the rules (an admin cannot disable their own account) and the audit log.
 *
 * @param name    as recorded in the audit log
 * @param user    the signed-in user; empty on the command line, which acts with the operator's shell access
 * @param address the client's IP address, or null on the command line
 */
public record Actor(String name, Optional<User> user, String address) {

    public static Actor of(User user, String address) {
        return new Actor(user.name(), Optional.of(user), address);
    }

    /** The operator running a command such as {@code user add}; named by the operating system user. */
    public static Actor commandLine() {
        return new Actor("command line (" + System.getProperty("user.name", "unknown") + ")", Optional.empty(), null);
    }

    boolean is(long userId) {
        return user.map(u -> u.id() == userId).orElse(false);
    }
}
