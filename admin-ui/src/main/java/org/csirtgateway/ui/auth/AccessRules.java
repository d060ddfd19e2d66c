package org.csirtgateway.ui.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Which role each route needs, as declared in the route table: {@code "POST /tickets/{id}/status" -> ANALYST}.
 * The access filter takes from it which requests need no user; pages ask it (through {@link Access}) which buttons
 * to show, so a page never offers what the server would refuse.
 */
public final class AccessRules {

    /** No routes: everything is refused. */
    public static final AccessRules NONE = new AccessRules(Map.of());

    private final Map<String, Allow> byRoute;

    /** @param byRoute "METHOD /path" (with {@code {param}} placeholders as registered) to what it admits */
    public AccessRules(Map<String, Allow> byRoute) {
        this.byRoute = Map.copyOf(byRoute);
    }

    /** Every declared route and what it admits. */
    public Map<String, Allow> declared() {
        return byRoute;
    }

    /**
     * Whether {@code user} may use {@code route}.
     *
     * @param route "METHOD /path" exactly as declared, e.g. {@code "POST /tickets/{id}/status"}
     * @throws IllegalArgumentException when no such route is declared (a typo in a template fails its tests)
     */
    public boolean admits(String route, Optional<User> user) {
        if (this == NONE) {
            return false;
        }
        Allow allow = byRoute.get(route);
        if (allow == null) {
            throw new IllegalArgumentException("No route '" + route + "' is declared in Routes");
        }
        return allow.admits(user);
    }

    /** Whether a request with this method and raw path matches a route declared {@link Allow#ANYONE}. */
    public boolean isPublic(String method, String path) {
        if (path.contains("..")) {
            return false;
        }
        for (Map.Entry<String, Allow> entry : byRoute.entrySet()) {
            if (entry.getValue() != Allow.ANYONE) {
                continue;
            }
            String route = entry.getKey();
            int space = route.indexOf(' ');
            if (route.substring(0, space).equals(method) && matches(route.substring(space + 1), path)) {
                return true;
            }
        }
        return false;
    }

    /** Segment by segment; a {@code {param}} segment matches one non-empty segment. */
    private static boolean matches(String pattern, String path) {
        String[] expected = pattern.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith("{") && expected[i].endsWith("}");
            if (parameter ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }
}
