package org.csirtgateway.cli;

import java.util.concurrent.Callable;

import org.csirtgateway.ui.auth.Actor;
import org.csirtgateway.ui.auth.UserAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates API tokens without the UI. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalArgumentException("name a subcommand, e.g. 'token create --user NAME --config FILE'");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token for a user and print it (it is shown only once; only its hash is kept). "
                    + "Recorded in the account audit log as done by the command line.")
    static final class Create implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "the user the token acts as")
        String user;

        @Option(names = "--label", defaultValue = "cli", description = "what the token is for (default: ${DEFAULT-VALUE})")
        String label;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            UserAdministration administration = DataOptions.administration(data.openDatabase());
            long userId = administration.userNamed(user)
                    .orElseThrow(() -> new IllegalArgumentException("No user named '" + user + "'")).id();
            spec.commandLine().getOut().println(administration.createToken(Actor.commandLine(), userId, label).token());
            return 0;
        }
    }
}
