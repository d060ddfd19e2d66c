package org.csirtgateway.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;

import org.csirtgateway.health.ChannelHealth;
import org.csirtgateway.intake.IntakePipeline;
import org.csirtgateway.retry.RetryPolicy;
import org.csirtgateway.store.Database;
import org.csirtgateway.store.Sql;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes every new message out of one IMAP folder (one channel), by UID, remembering UIDVALIDITY and the last UID
 * taken.
 *
 * <p>Keep first, then acknowledge to the server: each message is archived and committed ({@link IntakePipeline#keep})
 * before it is moved to the processed folder (MOVE, or COPY + \Deleted + EXPUNGE where MOVE is not offered) or, with
 * no processed folder configured, flagged \Seen. A message kept but not yet acknowledged when the gateway stopped is
 * acknowledged at the next connection without being fetched again. When UIDVALIDITY changes, the folder is scanned
 * again from the start and {@code keep} recognises what was kept before by its archive key, so nothing is created
 * twice.
 *
 * <p>Between polls it waits with IDLE when the server offers it (woken at the latest after the poll interval for a
 * safety poll), otherwise it sleeps for the poll interval. Connection trouble is logged once per outage and retried
 * with capped exponential backoff ({@link ImapSettings#reconnect()}). Processing (parse, ticket, acknowledgement)
 * happens elsewhere, so a poison message can never stop or crash the poller.
 */
public final class ImapPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapPoller.class);
    /**
     * Messages kept between two commits of the folder position and two acknowledgements to the server: one archive
     * flush, one commit and one MOVE per batch. Batches of 50 cost Dovecot twice the CPU per message of batches of
     * 200 (its per-command work), on the same cores as the gateway.
     */
    public static final int BATCH = 200;
    /** Most bytes of small messages fetched into memory for one batch; a batch ends early rather than exceed it. */
    private static final long BATCH_PREFETCH_BYTES = 8L << 20;
    /** Messages up to this size are fetched together per batch; larger ones stream one by one. */
    private static final int PREFETCH_MAX_BYTES = 256 * 1024;

    private final ImapSettings settings;
    private final IntakePipeline pipeline;
    private final Database database;
    private final Clock clock;
    private final Runnable onKept;
    private final Properties sessionProperties;
    private final ScheduledExecutorService wakeups;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Store store;
    private volatile IMAPFolder idling;
    private volatile Instant lastSuccessfulPoll;
    private volatile String lastError;
    private volatile boolean idleInUse;
    /** The server's UIDNEXT for which the folder was last selected again ({@link #behindTheServer}). */
    private long reselectedForUidNext;

    /**
     * @param onKept called after messages were kept, e.g. to wake the worker that processes them
     * @throws org.csirtgateway.config.ConfigException when the trust store cannot be read
     */
    public ImapPoller(ImapSettings settings, IntakePipeline pipeline, Database database, Clock clock,
                      Runnable onKept) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.database = database;
        this.clock = clock;
        this.onKept = onKept;
        this.sessionProperties = ImapConnection.properties(settings);
        this.wakeups = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread wakeup = new Thread(runnable, "imap-wakeup-" + settings.channel());
            wakeup.setDaemon(true);
            return wakeup;
        });
    }

    public ImapPoller(ImapSettings settings, IntakePipeline pipeline, Database database, Clock clock) {
        this(settings, pipeline, database, clock, () -> { });
    }

    public String channel() {
        return settings.channel();
    }

    /** Starts taking messages in a background thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "imap-poller-" + settings.channel());
        thread.start();
    }

    /** Connects if needed and takes every new message once, without waiting. Returns how many were kept anew. */
    public int pollOnce() throws MessagingException, IOException {
        IMAPFolder folder = openFolder(connectedStore());
        try {
            acknowledgeLeftovers(folder);
            return takeNew(folder);
        } finally {
            closeQuietly(folder);
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
        wakeIdle();
        Thread current = thread;
        if (current != null) {
            current.interrupt();
            try {
                current.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        wakeups.shutdownNow();
        disconnect();
    }

    private void loop() {
        int failures = 0;
        boolean inOutage = false;
        while (running) {
            IMAPFolder folder = null;
            try {
                folder = openFolder(connectedStore());
                acknowledgeLeftovers(folder);
                while (running) {
                    // Again as long as something new was taken: mail that arrived during a take is taken at once
                    // instead of waiting for the next IDLE notification (the server reported it in an earlier reply)
                    // or the safety poll.
                    int taken;
                    boolean tookAny = false;
                    do {
                        taken = takeNew(folder);
                        tookAny |= taken > 0;
                    } while (taken > 0 && running);
                    lastError = null;
                    if (inOutage) {
                        LOG.info("Mailbox {} reachable again", settings.channel());
                        inOutage = false;
                    }
                    failures = 0;
                    if (tookAny && behindTheServer(folder, true)) {
                        break; // select again now rather than wait in IDLE for mail this session cannot see
                    }
                    waitForMail(folder);
                    if (!folder.isOpen() || replacedOnServer(folder) || behindTheServer(folder, false)) {
                        break;
                    }
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                lastError = ImapConnection.describe(e);
                if (!inOutage) {
                    LOG.warn("Mailbox {} unavailable ({}:{}): {}; retrying with backoff up to {}s", settings.channel(),
                            settings.host(), settings.port(), lastError,
                            RetryPolicy.seconds(settings.reconnect().cap()));
                    inOutage = true;
                }
                closeQuietly(folder);
                disconnect();
                if (failures < Integer.MAX_VALUE) {
                    failures++; // failures in a row, for the next delay; reset once the mailbox answers
                }
                sleep(settings.reconnect().delayAfter(failures));
                continue;
            }
            closeQuietly(folder);
        }
    }

    /** Takes every message above the remembered UID, in batches: keep all, commit the position, acknowledge. */
    private int takeNew(IMAPFolder folder) throws MessagingException, IOException {
        long uidValidity = folder.getUIDValidity();
        long lastUid = lastUid(folder, uidValidity);
        List<Message> fresh = new ArrayList<>();
        for (Message message : folder.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID)) {
            // "n:*" always returns the highest message, even when its UID is below n.
            if (message != null && folder.getUID(message) > lastUid) {
                fresh.add(message);
            }
        }
        int keptAnew = 0;
        jakarta.mail.FetchProfile sizes = new jakarta.mail.FetchProfile();
        sizes.add(jakarta.mail.FetchProfile.Item.SIZE);
        folder.fetch(fresh.toArray(Message[]::new), sizes);
        for (int from = 0, to; from < fresh.size(); from = to) {
            to = batchEnd(fresh, from);
            List<Message> batch = fresh.subList(from, to);
            long[] uids = uids(folder, batch);
            long highest = lastUid;
            List<IntakePipeline.Incoming> incoming = new ArrayList<>();
            java.util.Map<Long, byte[]> prefetched = prefetchSmall(folder, batch, uids);
            for (int i = 0; i < uids.length; i++) {
                Message message = batch.get(i);
                String source = "imap:" + settings.folder() + ":" + uidValidity + ":" + uids[i];
                byte[] raw = prefetched.get(uids[i]);
                incoming.add(new IntakePipeline.Incoming(source, raw != null ? out -> out.write(raw)
                        : out -> writeRaw(message, out)));
                highest = Math.max(highest, uids[i]);
            }
            keptAnew += (int) pipeline.keepAll(settings.channel(), incoming).stream().filter(Optional::isPresent)
                    .count();
            remember(uidValidity, highest);
            onKept.run();
            acknowledge(folder, uids);
        }
        lastSuccessfulPoll = clock.instant();
        return keptAnew;
    }

    /**
     * Acknowledges to the server what was kept before the gateway stopped but not yet moved or flagged: every
     * message at or below the remembered UID still in the folder (or still unseen, when flagging).
     */
    private void acknowledgeLeftovers(IMAPFolder folder) throws MessagingException {
        long uidValidity = folder.getUIDValidity();
        Optional<Long> remembered = rememberedUid(uidValidity);
        if (remembered.isEmpty() || remembered.get() < 1) {
            return;
        }
        long lastUid = remembered.get();
        Message[] candidates = settings.processedFolder().isPresent()
                ? folder.getMessagesByUID(1, lastUid)
                : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        List<Message> leftovers = new ArrayList<>();
        for (Message message : candidates) {
            if (message != null && !message.isExpunged() && folder.getUID(message) <= lastUid) {
                leftovers.add(message);
            }
        }
        if (!leftovers.isEmpty()) {
            LOG.info("Mailbox {}: acknowledging {} message(s) kept before the last stop", settings.channel(),
                    leftovers.size());
            for (int from = 0; from < leftovers.size(); from += BATCH) {
                acknowledge(folder, uids(folder, leftovers.subList(from, Math.min(leftovers.size(), from + BATCH))));
            }
        }
    }

    /** Tells the server the messages are safe with us: moved to the processed folder, or flagged \Seen; by UID. */
    private void acknowledge(IMAPFolder folder, long[] uids) throws MessagingException {
        if (uids.length == 0) {
            return;
        }
        if (settings.processedFolder().isEmpty()) {
            UidCommands.markSeen(folder, uids);
            return;
        }
        IMAPStore imap = (IMAPStore) folder.getStore();
        String processed = settings.processedFolder().get();
        Folder target = imap.getFolder(processed);
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create the processed folder " + processed);
        }
        if (imap.hasCapability("MOVE")) {
            UidCommands.move(folder, uids, processed);
        } else {
            UidCommands.copyAndDelete(folder, uids, processed, imap.hasCapability("UIDPLUS"));
        }
    }

    private static long[] uids(IMAPFolder folder, List<Message> messages) throws MessagingException {
        long[] uids = new long[messages.size()];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = folder.getUID(messages.get(i));
        }
        return uids;
    }

    /** Waits for new mail: IDLE when offered (woken for a safety poll after the poll interval), else sleeps. */
    private void waitForMail(IMAPFolder folder) throws MessagingException {
        IMAPStore imap = (IMAPStore) folder.getStore();
        boolean idle = settings.idle() && imap.hasCapability("IDLE");
        if (idle != idleInUse) {
            LOG.info("Mailbox {}: {}", settings.channel(), idle ? "waiting for new mail with IDLE"
                    : "polling every " + settings.pollInterval().toSeconds() + "s (IDLE not "
                    + (settings.idle() ? "offered by the server)" : "enabled)"));
            idleInUse = idle;
        }
        if (!idle) {
            sleep(settings.pollInterval());
            return;
        }
        ScheduledFuture<?> wakeup = wakeups.schedule(this::wakeIdle, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        idling = folder;
        try {
            if (running) {
                folder.idle(true);
            }
        } finally {
            idling = null;
            wakeup.cancel(false);
        }
    }

    /**
     * Whether the folder was deleted and created again (or otherwise given a new UIDVALIDITY) since it was selected:
     * a selected folder keeps showing the old one, so it is asked by name (STATUS) and, if changed, selected again.
     */
    private boolean replacedOnServer(IMAPFolder folder) throws MessagingException {
        UIDFolder byName = (UIDFolder) folder.getStore().getFolder(settings.folder());
        return byName.getUIDValidity() != folder.getUIDValidity();
    }

    /**
     * Whether this session's picture of the folder is out of step with the server's: right after everything it could
     * see was taken ({@code afterTaking}), the server (STATUS) has given out UIDs above the last one kept; or it counts
     * other messages than this session does even after a NOOP has brought any pending EXISTS and EXPUNGE. (After a
     * wake-up from IDLE, new UIDs are simply new mail, taken next.) The mail client ignores messages beyond the count
     * it knows, so new mail would wait until the next reconnect; selecting the folder again brings the picture up to
     * date. Seen with GreenMail, which reports a MOVE's EXPUNGEs late, after the EXISTS of mail
     * that arrived meanwhile. A UIDNEXT that stays ahead (mail deleted by another client before it was taken) makes
     * the session select again once, not at every wake-up.
     */
    private boolean behindTheServer(IMAPFolder folder, boolean afterTaking) throws MessagingException {
        Folder byName = folder.getStore().getFolder(settings.folder());
        if (afterTaking) {
            long uidNext = ((UIDFolder) byName).getUIDNext();
            long kept = rememberedUid(folder.getUIDValidity()).orElse(-1L);
            if (uidNext > 0 && kept >= 0 && uidNext - 1 > kept && uidNext != reselectedForUidNext) {
                reselectedForUidNext = uidNext;
                LOG.debug("Mailbox {}: the server gave out UIDs up to {}, this session took up to {}; selecting it "
                        + "again", settings.channel(), uidNext - 1, kept);
                return true;
            }
        }
        if (byName.getMessageCount() == folder.getMessageCount()) {
            return false;
        }
        folder.doCommand(protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
        });
        int onServer = byName.getMessageCount();
        int known = folder.getMessageCount();
        if (onServer != known) {
            LOG.debug("Mailbox {}: {} message(s) on the server, {} known to this session; selecting it again",
                    settings.channel(), onServer, known);
            return true;
        }
        return false;
    }

    /** Ends a running IDLE: any command on the folder from another thread makes the IDLE finish (DONE). */
    private void wakeIdle() {
        IMAPFolder folder = idling;
        if (folder != null) {
            try {
                folder.doCommand(protocol -> {
                    protocol.simpleCommand("NOOP", null);
                    return null;
                });
            } catch (MessagingException | RuntimeException ignored) {
                // The connection is gone: the IDLE has ended with it, and the poller notices by itself.
            }
        }
    }

    private IMAPFolder openFolder(Store connected) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) connected.getFolder(settings.folder());
        folder.open(Folder.READ_WRITE);
        return folder;
    }

    /**
     * Where the batch starting at {@code from} ends: after {@link #BATCH} messages, or before the small messages in it
     * would exceed {@link #BATCH_PREFETCH_BYTES} (a batch has at least one message). Sizes are fetched before.
     */
    private static int batchEnd(List<Message> fresh, int from) throws MessagingException {
        int end = from;
        long bytes = 0;
        while (end < fresh.size() && end - from < BATCH) {
            int size = fresh.get(end).getSize();
            long prefetched = size >= 0 && size <= PREFETCH_MAX_BYTES ? size : 0;
            if (end > from && bytes + prefetched > BATCH_PREFETCH_BYTES) {
                break;
            }
            bytes += prefetched;
            end++;
        }
        return end;
    }

    /**
     * The exact bytes of the batch's small messages (sizes fetched before), by UID, fetched with one command instead
     * of one round trip each ({@link UidCommands#bodies}); larger messages are left out and streamed one by one, so a
     * big attachment never sits in the heap.
     */
    private static java.util.Map<Long, byte[]> prefetchSmall(IMAPFolder folder, List<Message> batch, long[] uids)
            throws MessagingException {
        long[] small = new long[uids.length];
        int count = 0;
        for (int i = 0; i < uids.length; i++) {
            int size = batch.get(i).getSize();
            if (size >= 0 && size <= PREFETCH_MAX_BYTES) {
                small[count++] = uids[i];
            }
        }
        return count == 0 ? java.util.Map.of() : UidCommands.bodies(folder, java.util.Arrays.copyOf(small, count));
    }

    private static void writeRaw(Message message, OutputStream out) throws IOException {
        try {
            message.writeTo(out);
        } catch (MessagingException e) {
            throw new IOException("Cannot read the message from the IMAP server: " + e.getMessage(), e);
        }
    }

    /** The UID to continue after; 0 (scan the folder again) when the server's UIDVALIDITY changed. */
    private long lastUid(IMAPFolder folder, long uidValidity) {
        Optional<long[]> state = database.read(connection -> Sql.one(connection,
                "SELECT uid_validity, last_uid FROM mailbox_state WHERE channel = ? AND folder = ?",
                row -> new long[] {row.getLong("uid_validity"), row.getLong("last_uid")},
                settings.channel(), settings.folder()));
        if (state.isEmpty()) {
            return 0;
        }
        if (state.get()[0] != uidValidity) {
            LOG.warn("Mailbox {}: UIDVALIDITY of {} changed from {} to {}; scanning the folder again (messages kept "
                            + "before are recognised by their archive key)", settings.channel(), folder.getFullName(),
                    state.get()[0], uidValidity);
            remember(uidValidity, 0);
            return 0;
        }
        return state.get()[1];
    }

    private Optional<Long> rememberedUid(long uidValidity) {
        return database.read(connection -> Sql.one(connection,
                "SELECT uid_validity, last_uid FROM mailbox_state WHERE channel = ? AND folder = ?",
                row -> row.getLong("uid_validity") == uidValidity ? row.getLong("last_uid") : -1L,
                settings.channel(), settings.folder()));
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
        Session session = Session.getInstance(sessionProperties);
        Store fresh = session.getStore(settings.security().equals("imaps") ? "imaps" : "imap");
        fresh.connect(settings.host(), settings.port(), settings.user(), settings.password());
        store = fresh;
        return fresh;
    }

    private static void closeQuietly(Folder folder) {
        if (folder != null && folder.isOpen()) {
            try {
                folder.close(false);
            } catch (MessagingException | RuntimeException ignored) {
                // The connection is already broken; nothing to close.
            }
        }
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

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
