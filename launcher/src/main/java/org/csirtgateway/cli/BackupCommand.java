package org.csirtgateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.csirtgateway.backup.GatewayBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A consistent copy of the database, the raw archive and the attachment store, safe while the gateway runs. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the database (SQLite online copy, consistent), the raw archive and the attachment store "
                + "into DIR, which must be new or empty. Safe while the gateway runs. The search index is rebuilt "
                + "on restore.",
                "Restore: stop the gateway; in the data directory remove gateway.db*, archive/, attachments/ and "
                        + "index/; copy in the backup's gateway.db, archive/ and attachments/; start the gateway."})
final class BackupCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "where the backup goes (new or empty directory)")
    Path target;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        GatewayBackup.Result result;
        try {
            result = new GatewayBackup(data.dataDirectory(), DataOptions.clock()).writeTo(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Backup failed: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Backup written to " + result.directory().toAbsolutePath());
        out.println("  taken at " + result.takenAt() + ": " + result.rawMessages() + " raw message(s), "
                + result.tickets() + " ticket(s), " + result.archiveFilesCopied() + " archive file(s) ("
                + result.archiveBytesCopied() + " bytes), " + result.attachmentFilesCopied() + " attachment file(s) ("
                + result.attachmentBytesCopied() + " bytes) holding " + result.storedAttachments()
                + " stored attachment(s)");
        out.flush();
        return 0;
    }
}
