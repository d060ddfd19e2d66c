package org.csirtgateway.fetch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;

import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes every new message out of one IMAP folder, by UID, remembering UIDVALIDITY and the last UID taken. Each
 * message is kept (archived and recorded) before it is flagged \Seen on the server and before any later stage runs.
 * Connection trouble is logged once per outage, and retried with capped exponential backoff.
 */
public final class ImapPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapPoller.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final ImapSettings settings;
    private final IntakePipeline pipeline;
    private final Database database;
    private final Clock clock;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Store store;
    private volatile Instant lastSuccessfulPoll;
    private volatile String lastError;

    public ImapPoller(ImapSettings settings, IntakePipeline pipeline, Database database, Clock clock) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.database = database;
        this.clock = clock;
    }

    /** Starts polling in a background thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "imap-poller-" + settings.channel());
        thread.start();
    }

    /** Connects if needed and takes every new message once. Returns how many were taken. */
    public int pollOnce() throws MessagingException, IOException {
        Store connected = connectedStore();
        Folder folder = connected.getFolder(settings.folder());
        folder.open(Folder.READ_WRITE);
        try {
            UIDFolder uids = (UIDFolder) folder;
            long uidValidity = uids.getUIDValidity();
            long lastUid = lastUid(uidValidity);
            List<Message> fresh = new ArrayList<>();
            for (Message message : uids.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID)) {
                // "n:*" always returns the highest message, even when its UID is below n.
                if (message != null && uids.getUID(message) > lastUid) {
                    fresh.add(message);
                }
            }
            for (Message message : fresh) {
                long uid = uids.getUID(message);
                String source = "imap:" + settings.folder() + ":" + uidValidity + ":" + uid;
                Optional<Long> rawId = pipeline.keep(settings.channel(), source, out -> writeRaw(message, out));
                remember(uidValidity, uid);
                message.setFlag(Flags.Flag.SEEN, true);
                rawId.ifPresent(pipeline::process);
            }
            lastSuccessfulPoll = clock.instant();
            return fresh.size();
        } finally {
            folder.close(false);
        }
    }

    public ChannelHealth health() {
        Store current = store;
        return new ChannelHealth(settings.channel(), current != null && current.isConnected(), lastSuccessfulPoll,
                lastError);
    }

    @Override
    public void close() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
            try {
                current.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        disconnect();
    }

    private void loop() {
        Duration backoff = Duration.ofSeconds(1);
        boolean inOutage = false;
        while (running) {
            try {
                pollOnce();
                if (inOutage) {
                    LOG.info("Mailbox {} reachable again", settings.channel());
                    inOutage = false;
                }
                lastError = null;
                backoff = Duration.ofSeconds(1);
                sleep(settings.pollInterval());
            } catch (MessagingException | IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!inOutage) {
                    LOG.warn("Mailbox {} unavailable ({}:{}): {}; retrying with backoff", settings.channel(),
                            settings.host(), settings.port(), lastError);
                    inOutage = true;
                }
                disconnect();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static void writeRaw(Message message, java.io.OutputStream out) throws IOException {
        try {
            message.writeTo(out);
        } catch (MessagingException e) {
            throw new IOException("Cannot read the message from the IMAP server: " + e.getMessage(), e);
        }
    }

    private long lastUid(long uidValidity) {
        return database.read(connection -> Sql.one(connection,
                "SELECT uid_validity, last_uid FROM mailbox_state WHERE channel = ? AND folder = ?",
                row -> row.getLong("uid_validity") == uidValidity ? row.getLong("last_uid") : 0L,
                settings.channel(), settings.folder())).orElse(0L);
    }

    private void remember(long uidValidity, long uid) {
        database.inTransaction(connection -> Sql.update(connection, """
                INSERT INTO mailbox_state (channel, folder, uid_validity, last_uid) VALUES (?, ?, ?, ?)
                ON CONFLICT (channel, folder) DO UPDATE SET uid_validity = excluded.uid_validity,
                                                            last_uid = excluded.last_uid""",
                settings.channel(), settings.folder(), uidValidity, uid));
    }

    private Store connectedStore() throws MessagingException {
        Store current = store;
        if (current != null && current.isConnected()) {
            return current;
        }
        Session session = Session.getInstance(properties());
        Store fresh = session.getStore(settings.security().equals("imaps") ? "imaps" : "imap");
        fresh.connect(settings.host(), settings.port(), settings.user(), settings.password());
        store = fresh;
        return fresh;
    }

    private void disconnect() {
        Store current = store;
        store = null;
        if (current != null) {
            try {
                current.close();
            } catch (MessagingException ignored) {
                // Already broken; nothing to close.
            }
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        String protocol = settings.security().equals("imaps") ? "imaps" : "imap";
        String prefix = "mail." + protocol + ".";
        props.put(prefix + "connectiontimeout", "10000");
        props.put(prefix + "timeout", "60000");
        props.put(prefix + "writetimeout", "60000");
        props.put(prefix + "partialfetch", "false");
        if (settings.security().equals("starttls")) {
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
        }
        if (!settings.security().equals("plain")) {
            props.put(prefix + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
