package org.csirtgateway.cli;

import java.io.UncheckedIOException;

import org.csirtgateway.config.ConfigException;
import org.csirtgateway.store.StoreException;
import picocli.CommandLine;

/**
 * Turns a failed command into one clear line on stderr and an exit code, instead of a stack trace: configuration
 * errors exit 2, bad arguments 64, everything else 1.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    static final int CONFIG_ERROR = 2;
    static final int USAGE_ERROR = 64;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        var err = commandLine.getErr();
        if (e instanceof ConfigException) {
            err.println("Configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        }
        if (e instanceof StartupFailure) {
            err.println("Cannot start: " + e.getMessage());
            return 1;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("Error: " + e.getMessage());
            return USAGE_ERROR;
        }
        if (e instanceof StoreException || e instanceof UncheckedIOException) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        err.println("Error: " + e);
        e.printStackTrace(err);
        return 1;
    }
}
