package org.csirtgateway.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The messages the benchmark mails in: a realistic mix of generated incident reports from people (phishing,
 * scanning, malware, some in Japanese; these are acknowledged) and real-world mail from {@code ../shared/corpus}
 * when it is there (bounces, ARF and X-ARF reports, odd MIME; many of these are robots and are not acknowledged).
 * Deterministic for a given seed, so runs are comparable.
 */
final class BenchMail {

    /** About this share of the mix comes from the corpus, when there is one. */
    private static final double CORPUS_SHARE = 0.3;
    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] KINDS = {"Phishing site imitating", "Port scan from", "Malware hosted at",
            "Brute-force SSH attempts from", "Defacement of", "Compromised account at"};
    private static final String[] JAPANESE = {"フィッシングサイトの報告", "不正アクセスの通報", "マルウェア配布サイトについて"};

    private final String teamAddress;
    private final List<byte[]> corpus;
    private final Random random;

    BenchMail(String teamAddress, List<byte[]> corpus, long seed) {
        this.teamAddress = teamAddress;
        this.corpus = List.copyOf(corpus);
        this.random = new Random(seed);
    }

    /** Message number {@code n}: its raw bytes, and whether it is a generated report from a person. */
    record Mail(byte[] raw, String messageId, boolean fromPerson) {
    }

    Mail next(int n, Instant now) {
        if (!corpus.isEmpty() && random.nextDouble() < CORPUS_SHARE) {
            byte[] original = corpus.get(random.nextInt(corpus.size()));
            // A header of our own makes each copy a distinct message on the server (its Message-ID stays the same,
            // so repeated copies become duplicates on one ticket, as re-sent reports do).
            byte[] header = ("X-Bench-Sequence: " + n + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] raw = new byte[header.length + original.length];
            System.arraycopy(header, 0, raw, 0, header.length);
            System.arraycopy(original, 0, raw, header.length, original.length);
            return new Mail(raw, null, false);
        }
        return report(n, now);
    }

    /** A generated report from a person, which the gateway acknowledges. */
    Mail report(int n, Instant now) {
        String messageId = "bench-" + n + "-" + Long.toHexString(random.nextLong()) + "@reporter" + (n % 97)
                + ".example";
        String ip = "198.51.100." + (1 + random.nextInt(254));
        boolean japanese = random.nextInt(10) == 0;
        String subject = japanese ? JAPANESE[random.nextInt(JAPANESE.length)] + " " + ip
                : KINDS[random.nextInt(KINDS.length)] + " " + ip;
        StringBuilder body = new StringBuilder();
        if (japanese) {
            body.append("お世話になっております。\r\n").append(ip).append(" から不審な通信を確認しました。\r\n");
        } else {
            body.append("Hello CSIRT team,\r\n\r\nwe observed suspicious activity involving ").append(ip)
                    .append(" at ").append(RFC_5322.format(now)).append(".\r\n");
        }
        int logLines = 5 + random.nextInt(60);
        for (int i = 0; i < logLines; i++) {
            body.append(RFC_5322.format(now.minusSeconds(logLines - i))).append(" sshd[").append(1000 + i)
                    .append("]: Failed password for root from ").append(ip).append(" port ")
                    .append(1024 + random.nextInt(60000)).append(" ssh2\r\n");
        }
        body.append("\r\nRegards,\r\nReporter ").append(n).append("\r\n");
        String raw = "From: Reporter " + n + " <abuse-desk" + n + "@reporter" + (n % 97) + ".example>\r\n"
                + "To: " + teamAddress + "\r\n"
                + "Subject: " + encodedSubject(subject, japanese) + "\r\n"
                + "Date: " + RFC_5322.format(now) + "\r\n"
                + "Message-ID: <" + messageId + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body;
        return new Mail(raw.getBytes(StandardCharsets.UTF_8), messageId, true);
    }

    /** A report with an attachment of {@code bytes} bytes, generated while it is read (never held in memory). */
    static InputStream withLargeAttachment(String teamAddress, long bytes) {
        String head = "From: Big Reporter <big@reporter.example>\r\nTo: " + teamAddress + "\r\n"
                + "Subject: Packet capture of the attack\r\nMessage-ID: <large-attachment@reporter.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nThe capture is attached.\r\n--b\r\n"
                + "Content-Type: application/octet-stream; name=\"capture.pcap\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n";
        String tail = "\r\n--b--\r\n";
        long lines = (bytes + 56) / 57; // 76 base64 characters carry 57 bytes: at least bytes decoded
        InputStream base64 = new InputStream() {
            private long line;
            private int position = 78;
            private final byte[] current = new byte[78];

            @Override
            public int read() {
                if (position == current.length) {
                    if (line == lines) {
                        return -1;
                    }
                    for (int i = 0; i < 76; i++) {
                        current[i] = (byte) "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                                .charAt((int) ((line * 31 + i * 7) & 63));
                    }
                    current[76] = '\r';
                    current[77] = '\n';
                    line++;
                    position = 0;
                }
                return current[position++] & 0xff;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)), base64),
                new ByteArrayInputStream(tail.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Mail files of the corpus (up to {@code max}, small ones only), or none when it is not there. */
    static List<byte[]> loadCorpus(Path corpusDir, int max) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        if (corpusDir == null || !Files.isDirectory(corpusDir)) {
            return messages;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpusDir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith(".eml") || name.endsWith(".msg") || name.endsWith(".txt")
                                && file.toString().contains("mimekit-messages");
                    })
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path file : files) {
            if (messages.size() >= max) {
                break;
            }
            if (Files.size(file) <= 256 * 1024) {
                messages.add(Files.readAllBytes(file));
            }
        }
        return messages;
    }

    private static String encodedSubject(String subject, boolean nonAscii) {
        if (!nonAscii) {
            return subject;
        }
        return "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
                + "?=";
    }
}
