package org.csirtgateway.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The real programs tests use as peers (gpg, openssl): whether one is installed and runs. */
final class Programs {

    private Programs() {
    }

    /** Whether {@code command} (e.g. {@code gpg --version}) runs and exits with 0 within 20 s. */
    static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
