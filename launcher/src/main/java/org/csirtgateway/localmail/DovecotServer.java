package org.csirtgateway.localmail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Dovecot (Debian's dovecot-imapd), started by a test or the benchmark with a configuration of its own: IMAPS
 * and IMAP with STARTTLS required, on loopback high ports, with its own base_dir, state and mail directories and
 * password file under a directory it is given, a certificate from a {@link PrivateCa}. It runs as an unprivileged user: the current user, or, when the
 * tests run as root (CI), the {@code dovenull} user that dovecot-core creates. Nothing is installed or started here
 * besides this one foreground process.
 */
public final class DovecotServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/dovecot");
    private static final String UNPRIVILEGED = "dovenull";

    private final Process process;
    private final Path dir;
    private final int port;
    private final int starttlsPort;

    private DovecotServer(Process process, Path dir, int port, int starttlsPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.starttlsPort = starttlsPort;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Dovecot with one mail user; returns once it accepts connections on its IMAPS port. */
    public static DovecotServer start(Path dir, PrivateCa ca, String user, String password) throws IOException,
            InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        int port = freePort();
        int starttlsPort = freePort();
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("mail"));
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("passwd"), user + ":{PLAIN}" + password + "\n");
        Files.copy(ca.serverCertificateChainPem, dir.resolve("server-chain.pem"));
        Files.copy(ca.serverKeyPem, dir.resolve("server-key.pem"));
        String runAs = root ? UNPRIVILEGED : System.getProperty("user.name");
        Path config = dir.resolve("dovecot.conf");
        Files.writeString(config, config(dir, port, runAs).replace("@STARTTLS_PORT@", String.valueOf(starttlsPort)));
        if (root) {
            handOver(dir);
        }
        Files.setPosixFilePermissions(dir.resolve("server-key.pem"), PosixFilePermissions.fromString("rw-------"));
        Integer uid = (Integer) Files.getAttribute(dir.resolve("passwd"), "unix:uid");
        Integer gid = (Integer) Files.getAttribute(dir.resolve("passwd"), "unix:gid");
        Files.writeString(config, Files.readString(config).replace("@UID@", uid.toString())
                .replace("@GID@", gid.toString()));

        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("/usr/bin/setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED,
                    "--init-groups", "--"));
        }
        command.addAll(List.of(BINARY.toString(), "-F", "-c", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dovecot.out").toFile()).start();
        DovecotServer server = new DovecotServer(process, dir, port, starttlsPort);
        server.awaitListening();
        return server;
    }

    /**
     * The Maildir of {@code user}'s INBOX in a server directory: messages written into its {@code new/} before
     * {@link #start} are in the mailbox when Dovecot starts (the benchmark fills a mailbox this way).
     */
    public static Path inbox(Path dir, String user) throws IOException {
        return maildir(dir.resolve("mail").resolve(user));
    }

    /** The Maildir of {@code user}'s folder {@code name} (Maildir++: {@code .name} beside the INBOX's directories). */
    public static Path folder(Path dir, String user, String name) throws IOException {
        return maildir(dir.resolve("mail").resolve(user).resolve("." + name));
    }

    private static Path maildir(Path maildir) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        return maildir;
    }

    /** The master process; Dovecot's login and IMAP processes are its children. */
    public long pid() {
        return process.pid();
    }

    /** "2.3.19.1 (9b53102964)", as {@code dovecot --version} says. */
    public static String version() {
        try {
            Process version = new ProcessBuilder(BINARY.toString(), "--version").redirectErrorStream(true).start();
            String said = new String(version.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            version.waitFor();
            return said.strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The IMAPS port (TLS from the first byte). */
    public int port() {
        return port;
    }

    /** The IMAP port where TLS starts with STARTTLS; Dovecot refuses to log in before it (ssl = required). */
    public int starttlsPort() {
        return starttlsPort;
    }

    /** Dovecot's own log, for failure messages. */
    public String log() {
        try {
            String out = Files.exists(dir.resolve("dovecot.out")) ? Files.readString(dir.resolve("dovecot.out")) : "";
            String log = Files.exists(dir.resolve("dovecot.log")) ? Files.readString(dir.resolve("dovecot.log")) : "";
            return out + log;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Dovecot exited with " + process.exitValue() + ": " + log());
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                probe.close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("Dovecot did not listen on port " + port + " within 30 s: " + log());
    }

    private static String config(Path dir, int port, String runAs) {
        return """
                # Generated by the test: a private Dovecot on loopback (IMAPS, and IMAP with STARTTLS required), running as %3$s.
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap
                listen = 127.0.0.1
                ssl = required
                ssl_cert = <%1$s/server-chain.pem
                ssl_key = <%1$s/server-key.pem
                ssl_dh = </usr/share/dovecot/dh.pem
                ssl_min_protocol = TLSv1.2
                disable_plaintext_auth = yes
                auth_mechanisms = plain login
                default_internal_user = %3$s
                default_internal_group = %3$s
                default_login_user = %3$s
                first_valid_uid = 1
                first_valid_gid = 1
                mail_location = maildir:%1$s/mail/%%u
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN %1$s/passwd
                }
                userdb {
                  driver = static
                  args = uid=@UID@ gid=@GID@ home=%1$s/home/%%u
                }
                service imap-login {
                  chroot =
                  inet_listener imap {
                    address = 127.0.0.1
                    port = @STARTTLS_PORT@
                  }
                  inet_listener imaps {
                    address = 127.0.0.1
                    port = %2$d
                    ssl = yes
                  }
                }
                service anvil {
                  chroot =
                }
                service auth {
                  user = %3$s
                }
                service auth-worker {
                  user = %3$s
                }
                protocol imap {
                  mail_max_userip_connections = 50
                }
                """.formatted(dir, port, runAs);
    }

    /** Gives the directory (and the way into it) to the unprivileged user. */
    private static void handOver(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(UNPRIVILEGED);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(UNPRIVILEGED);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
        for (Path up = dir.getParent(); up != null && !up.equals(Path.of("/")); up = up.getParent()) {
            var permissions = Files.getPosixFilePermissions(up);
            permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(up, permissions);
            if (up.equals(Path.of(System.getProperty("java.io.tmpdir")))) {
                break;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
