package org.csirtgateway.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.csirtgateway.ui.auth.Actor;
import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.UserAccounts;
import org.csirtgateway.ui.auth.UserAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Manages admin UI users without the UI. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage admin UI users.",
        subcommands = UserCommand.Add.class)
final class UserCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalArgumentException("name a subcommand, e.g. 'user add NAME --config FILE'");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user; the password is read from standard input (one line). Recorded in the "
                    + "account audit log as done by the command line.")
    static final class Add implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "login name")
        String name;

        @Option(names = "--role", defaultValue = "analyst", description = "admin, analyst or read-only "
                + "(default: ${DEFAULT-VALUE})")
        String role;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() throws IOException {
            char[] password = readPassword();
            if (password.length == 0) {
                throw new IllegalArgumentException("Password for user '" + name + "' is too short: it needs at least "
                        + UserAccounts.MIN_PASSWORD_LENGTH + " characters");
            }
            try {
                UserAdministration.UserSummary user = DataOptions.administration(data.openDatabase())
                        .addUser(Actor.commandLine(), name, Role.parse(role), password).user();
                spec.commandLine().getOut().println("User " + user.name() + " added with role " + user.role().dbName());
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private static char[] readPassword() throws IOException {
            Console console = System.console();
            if (console != null) {
                char[] password = console.readPassword("Password: ");
                return password == null ? new char[0] : password;
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line.toCharArray();
        }
    }
}
