package org.csirtgateway.ui.auth;

import java.util.Locale;

/**
 * What a user of the admin UI may do. Stored in {@code users.role} as its {@link #dbName()}. Roles are ranked: each
 * may do everything the ones below it may (which route needs which role is declared in the admin UI's route table).
 */
public enum Role {
    /** Manages users and tokens, sees the configuration, and does everything an analyst does. */
    ADMIN("admin", 3),
    /** Works tickets, the quarantine and reporter keys. */
    ANALYST("analyst", 2),
    /** Reads tickets only. */
    READ_ONLY("read-only", 1);

    private final String dbName;
    private final int rank;

    Role(String dbName, int rank) {
        this.dbName = dbName;
        this.rank = rank;
    }

    /** Whether this role may do what {@code lowest} may: it is that role or ranks above it. */
    public boolean includes(Role lowest) {
        return rank >= lowest.rank;
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
