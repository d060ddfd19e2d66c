package org.csirtgateway.ui.auth;

import java.util.Locale;

/** What a user of the admin UI may do. Stored in {@code users.role} as its {@link #dbName()}. */
public enum Role {
    /** Manages users and tokens, and everything an analyst does. */
    ADMIN("admin"),
    /** Works tickets. */
    ANALYST("analyst"),
    /** Reads tickets only. */
    READ_ONLY("read-only");

    private final String dbName;

    Role(String dbName) {
        this.dbName = dbName;
    }

    /** The name stored in the database and typed on the command line: admin, analyst, read-only. */
    public String dbName() {
        return dbName;
    }

    /**
     * The role named {@code name}: its database name (admin, analyst, read-only) or its constant name, any case.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
     */
    public static Role parse(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (Role role : values()) {
                if (role.dbName.equals(wanted) || role.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("Unknown role '" + name + "'; use admin, analyst or read-only");
    }
}
