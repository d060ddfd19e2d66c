package org.csirtgateway.cli;

import java.net.BindException;

/** The gateway cannot start for a reason the operator can fix; the message says which and how. */
final class StartupFailure extends RuntimeException {

    private StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Explains a failure to start the admin UI listening on {@code where} ("host:port"). */
    static StartupFailure of(RuntimeException failure, String where) {
        return of(failure, where, "admin UI", "--port for the demo, admin.port in the configuration");
    }

    /** Explains a failure to start the public site listening on {@code where}. */
    static StartupFailure ofPublicSite(RuntimeException failure, String where) {
        return of(failure, where, "public site", "--public-port for the demo, public.port in the configuration");
    }

    private static StartupFailure of(RuntimeException failure, String where, String what, String how) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new StartupFailure("The " + what + " cannot listen on " + where + ": " + cause.getMessage()
                        + ". Choose another port (" + how + ").", failure);
            }
        }
        return new StartupFailure("The " + what + " cannot start on " + where + ": " + failure.getMessage(), failure);
    }
}
