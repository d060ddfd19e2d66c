package org.csirtgateway.ui.i18n;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where to send the browser back to after a form that was posted from any page (the language switch). The value
 * comes from the client, so only a path on this site is accepted: it must start with a single {@code /}, have no
 * scheme or host ({@code //evil.example}, {@code /\evil.example}, {@code https://...}), no backslash, no control
 * character or space. Anything else goes to {@link #FALLBACK}: there is no open redirect.
 */
public final class ReturnPath {

    public static final String FALLBACK = "/dashboard";
    static final int MAX_LENGTH = 2000;

    private ReturnPath() {
    }

    /** {@code requested} when it is a local path, else {@link #FALLBACK}. */
    public static String safe(String requested) {
        if (requested == null || requested.isEmpty() || requested.length() > MAX_LENGTH
                || !requested.startsWith("/") || requested.startsWith("//") || requested.indexOf('\\') >= 0
                || requested.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return FALLBACK;
        }
        try {
            URI uri = new URI(requested);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/")) {
                return FALLBACK;
            }
        } catch (URISyntaxException e) {
            return FALLBACK;
        }
        return requested;
    }
}
