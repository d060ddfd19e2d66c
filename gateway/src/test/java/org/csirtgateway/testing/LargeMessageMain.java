package org.csirtgateway.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.csirtgateway.GatewayCore;
import org.csirtgateway.testing.DataDirectories;
import org.csirtgateway.store.Sql;

/**
 * Keeps and processes one report with a large attachment (keep -> parse -> attachment store -> ticket -> index) in a
 * JVM of its own, for a test that starts it with a heap smaller than the message. Arguments: data directory,
 * attachment size in bytes. The attachment's bytes are generated while they are read: the message exists whole only
 * in the archive. Prints {@code TICKETED <ticket> <attachment sha256> <size>} and exits 0, or fails.
 */
public final class LargeMessageMain {

    private LargeMessageMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        try (GatewayCore intake = DataDirectories.open(data)) {
            long rawId = intake.pipeline().keep("csirt", "test:large", out -> {
                try (InputStream in = message(size)) {
                    in.transferTo(out);
                }
            }).orElseThrow();
            intake.pipeline().process(rawId);
            String line = intake.database().read(connection -> Sql.one(connection, """
                    SELECT m.ticket_id || ' ' || a.sha256 || ' ' || a.size_bytes
                      FROM messages m JOIN attachments a ON a.message_id = m.id
                     WHERE m.raw_id = ? AND a.filename = 'capture.pcap'""", row -> row.getString(1), rawId))
                    .orElse("NOT TICKETED");
            System.out.println("TICKETED " + line);
        }
    }

    /** A report with an attachment of {@code size} bytes (byte i is i mod 251), base64-encoded as it streams. */
    static InputStream message(long size) {
        String head = "From: Big Reporter <big@reporter.example>\r\nTo: csirt@example.org\r\n"
                + "Subject: Packet capture of the attack on 198.51.100.7\r\nMessage-ID: <large@reporter.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nThe capture is attached.\r\n--b\r\n"
                + "Content-Type: application/vnd.tcpdump.pcap; name=\"capture.pcap\"\r\n"
                + "Content-Disposition: attachment; filename=\"capture.pcap\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n";
        InputStream base64 = new InputStream() {
            private final byte[] line = new byte[57];
            private long produced;
            private byte[] pending = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                if (position == pending.length) {
                    if (produced >= size) {
                        return -1;
                    }
                    int n = (int) Math.min(line.length, size - produced);
                    for (int i = 0; i < n; i++) {
                        line[i] = (byte) ((produced + i) % 251);
                    }
                    produced += n;
                    byte[] encoded = Base64.getEncoder().encode(java.util.Arrays.copyOf(line, n));
                    pending = new byte[encoded.length + 2];
                    System.arraycopy(encoded, 0, pending, 0, encoded.length);
                    pending[encoded.length] = '\r';
                    pending[encoded.length + 1] = '\n';
                    position = 0;
                }
                return pending[position++] & 0xff;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)), base64),
                new ByteArrayInputStream("--b--\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    /** The SHA-256 (hex) of the attachment {@link #message} carries. */
    public static String attachmentSha256(long size) throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < size) {
            int n = (int) Math.min(buffer.length, size - done);
            for (int i = 0; i < n; i++) {
                buffer[i] = (byte) ((done + i) % 251);
            }
            digest.update(buffer, 0, n);
            done += n;
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
