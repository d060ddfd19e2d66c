package org.csirtgateway.cli;

import java.net.BindException;

/** The gateway cannot start for a reason the operator can fix; the message says which and how. */
final class StartupFailure extends RuntimeException {

    private StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Explains a failure to start the admin UI listening on {@code where} ("host:port"). */
    static StartupFailure of(RuntimeException failure, String where) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new StartupFailure("The admin UI cannot listen on " + where + ": " + cause.getMessage()
                        + ". Choose another port (--port for the demo, admin.port in the configuration).", failure);
            }
        }
        return new StartupFailure("The admin UI cannot start on " + where + ": " + failure.getMessage(), failure);
    }
}
