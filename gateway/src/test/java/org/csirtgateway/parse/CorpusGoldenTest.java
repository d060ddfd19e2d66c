package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.csirtgateway.indicator.Indicator;
import org.junit.jupiter.api.Test;

/**
 * Every message of the real-world corpus in ../shared/corpus (relative to the project root) goes through the parser,
 * in the style of Mime4j's MimeStreamParserExampleMessagesTest: each yields a result or a quarantine reason, nothing
 * else escapes, no message takes more than 2 seconds, and the summary matches the golden file
 * src/test/resources/corpus-golden/&lt;folder&gt;/&lt;file&gt;.expected, which is written when missing (commit it).
 * X-ARF v4 samples are JSON documents, not mails: each is mailed as a reporter would, as a JSON attachment.
 *
 * <p>Surefire runs this class in its own JVM with a 256 MB heap (see gateway/pom.xml): the run must fit in it.
 */
class CorpusGoldenTest {

    private static final Set<String> NOT_MESSAGES = Set.of("SOURCE", "LICENSE.source", "README.md", "LICENSE");
    private static final Duration PER_MESSAGE = Duration.ofSeconds(2);
    private static final Path GOLDEN = Path.of("src/test/resources/corpus-golden");

    @Test
    void everyCorpusMessageYieldsAReportOrAQuarantineReasonQuicklyAndAsRecorded() throws IOException {
        Path corpus = corpus();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !NOT_MESSAGES.contains(p.getFileName().toString()))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        assertThat(files).as("corpus messages").hasSizeGreaterThan(1000);

        ReportParser parser = new ReportParser();
        List<String> mismatches = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        List<String> escaped = new ArrayList<>();
        int written = 0;
        int quarantined = 0;
        Duration slowest = Duration.ZERO;
        String slowestFile = "";
        for (Path file : files) {
            String relative = corpus.relativize(file).toString().replace('\\', '/');
            long start = System.nanoTime();
            String summary;
            try (InputStream in = open(file)) {
                summary = GoldenSummary.of(parser.parse(in));
            } catch (ParseException e) {
                summary = GoldenSummary.quarantined(e);
                quarantined++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                escaped.add(relative + ": " + e);
                continue;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (took.compareTo(slowest) > 0) {
                slowest = took;
                slowestFile = relative;
            }
            if (took.compareTo(PER_MESSAGE) > 0) {
                slow.add(relative + " took " + took.toMillis() + " ms");
            }
            Path expected = GOLDEN.resolve(relative + ".expected");
            if (Files.exists(expected)) {
                String recorded = Files.readString(expected, StandardCharsets.UTF_8);
                if (!recorded.equals(summary)) {
                    mismatches.add(relative + "\n--- expected\n" + recorded + "--- actual\n" + summary);
                }
            } else {
                Files.createDirectories(expected.getParent());
                Files.writeString(expected, summary, StandardCharsets.UTF_8);
                written++;
            }
        }
        System.out.printf("Corpus: %d messages, %d quarantined, %d golden files written; slowest %s (%d ms); "
                        + "max heap %d MB%n", files.size(), quarantined, written, slowestFile, slowest.toMillis(),
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(escaped).as("messages whose failure escaped the parser instead of a quarantine reason").isEmpty();
        assertThat(slow).as("messages slower than " + PER_MESSAGE).isEmpty();
        assertThat(mismatches).as("messages whose summary differs from the golden file (delete the .expected file "
                + "to record a deliberate change)").isEmpty();
    }

    @Test
    void japaneseCorpusMessagesDecodeToReadableJapanese() throws Exception {
        Path corpus = corpus();
        ParsedReport mimekit = parse(corpus.resolve("mimekit-messages/japanese.txt"));
        assertThat(mimekit.subject()).startsWith("日本語メールテスト");
        assertThat(mimekit.bodyText()).contains("日本語が", "正常に", "送れているか");

        assertThat(parse(corpus.resolve("mikel-mail/multi_charset/japanese_iso_2022.eml")))
                .satisfies(r -> assertThat(r.subject()).isEqualTo("まみむめも"))
                .satisfies(r -> assertThat(r.bodyText()).contains("すみません"));
        assertThat(parse(corpus.resolve("mikel-mail/multi_charset/japanese_shift_jis.eml")).bodyText())
                .contains("このメールはテスト用のメールです", "今後ともよろしくお願い申し上げます");
        assertThat(parse(corpus.resolve("mikel-mail/multi_charset/japanese_attachment.eml")).details().attachments())
                .extracting(Attachment::filename).contains("てすと.txt");

        // A carrier bounce whose ISO-2022-JP label sits over a body in another Japanese charset.
        ParsedReport ezweb = parse(corpus.resolve("sisimai-maildir/bsd/lhost-ezweb-04.eml"));
        assertThat(ezweb.bodyText()).contains("送信できませんでした", "メールアドレスをご確認の上")
                .doesNotContain("\uFFFD");
        assertThat(parse(corpus.resolve("sisimai-maildir/bsd/lhost-kddi-01.eml")))
                .satisfies(r -> assertThat(r.subject()).isEqualTo("メールエラー通知"))
                .satisfies(r -> assertThat(r.bodyText()).contains("送信先のメールボックスが一杯のため"));
    }

    static ParsedReport parse(Path file) throws IOException, ParseException {
        try (InputStream in = Files.newInputStream(file)) {
            return new ReportParser().parse(in);
        }
    }

    static Path corpus() {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path corpus = root.resolveSibling("shared").resolve("corpus");
        assertThat(corpus).as("the real-world corpus at ../shared/corpus").isDirectory();
        return corpus;
    }

    private static InputStream open(Path file) throws IOException {
        if (file.toString().endsWith(".json") && file.toString().contains("xarf-samples")) {
            return new java.io.ByteArrayInputStream(XarfMail.wrap(file.getFileName().toString(),
                    Files.readAllBytes(file)));
        }
        return Files.newInputStream(file);
    }

    /** An X-ARF v4 JSON document mailed as a reporter's tool would: a short text and the JSON attached. */
    static final class XarfMail {
        static byte[] wrap(String name, byte[] json) {
            String head = "From: abuse-reports@reporter.example\r\n"
                    + "To: csirt@example.org\r\n"
                    + "Subject: X-ARF report " + name + "\r\n"
                    + "Message-ID: <" + name + "@reporter.example>\r\n"
                    + "MIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"xarf-boundary\"\r\n\r\n"
                    + "--xarf-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                    + "Abuse report in X-ARF format attached.\r\n"
                    + "--xarf-boundary\r\nContent-Type: application/json; name=\"" + name + "\"\r\n"
                    + "Content-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n";
            String tail = "\r\n--xarf-boundary--\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[headBytes.length + json.length + tailBytes.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(json, 0, all, headBytes.length, json.length);
            System.arraycopy(tailBytes, 0, all, headBytes.length + json.length, tailBytes.length);
            return all;
        }
    }

    /** The small, stable summary recorded per corpus message. */
    static final class GoldenSummary {
        static String of(ParsedReport report) {
            StringBuilder out = new StringBuilder();
            out.append("subject: ").append(oneLine(report.subject(), 200)).append('\n');
            out.append("from: ").append(report.sender()).append('\n');
            out.append("date: ").append(report.sentAt()).append('\n');
            out.append("warnings: ").append(report.warnings().size()).append('\n');
            out.append("text: ").append(oneLine(report.bodyText(), 200)).append('\n');
            for (Attachment a : report.details().attachments()) {
                out.append("attachment: ").append(a.evidencePosition()).append(' ').append(oneLine(a.filename(), 80))
                        .append(" | ").append(a.declaredType()).append(" | ").append(a.detectedType())
                        .append(" | ").append(a.sizeBytes()).append('\n');
            }
            for (Evidence e : report.details().evidence()) {
                out.append("evidence: ").append(e.position()).append(" in ").append(e.parentPosition())
                        .append(" | ").append(oneLine(e.subject(), 80)).append(" | ")
                        .append(oneLine(e.from(), 80)).append(" | received ").append(e.received().size())
                        .append('\n');
            }
            report.details().fields().stream().limit(30).forEach(f -> out.append("field: ").append(f.format())
                    .append(' ').append(oneLine(f.name(), 80)).append(" = ").append(oneLine(f.value(), 100))
                    .append('\n'));
            List<Indicator> indicators = report.details().indicators();
            indicators.stream().limit(30).forEach(i -> out.append("indicator: ").append(i.type()).append(' ')
                    .append(oneLine(i.value(), 120)).append(" (").append(i.source()).append(")\n"));
            if (indicators.size() > 30) {
                out.append("indicators: ").append(indicators.size()).append(" in all\n");
            }
            return out.toString();
        }

        static String quarantined(ParseException e) {
            return "quarantined: " + e.getMessage() + "\n";
        }

        private static String oneLine(String value, int max) {
            if (value == null) {
                return "";
            }
            StringBuilder escaped = new StringBuilder();
            value.replace("\r", "").codePoints().forEach(c -> {
                if (c == '\n') {
                    escaped.append("\\n");
                } else if (Character.isISOControl(c)) {
                    escaped.append(String.format("\\x%02x", c));
                } else {
                    escaped.appendCodePoint(c);
                }
            });
            String line = escaped.toString();
            return line.length() > max ? line.substring(0, max) : line;
        }
    }
}
