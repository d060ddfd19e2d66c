package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.csirtgateway.testing.SharedCorpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real messages written by other projects and real mail systems (../shared/corpus, see its README): Japanese mail must
 * come out readable, and malformed mail must neither crash nor stall the parser (each message within 2 s of CPU time,
 * see {@link ParsingTime}). Skipped where the corpus is absent.
 */
class ReportParserCorpusTest {

    private static final Duration PER_MESSAGE = Duration.ofSeconds(2);

    @Test
    void iso2022JpMessageFromMimeKitDecodesToReadableJapanese() throws Exception {
        ParsedReport report = parse(SharedCorpus.file("mimekit-messages", "japanese.txt"));

        assertThat(report.subject()).isEqualTo("日本語メールテスト (testing Japanese emails)");
        assertThat(report.bodyText()).contains("日本語が", "正常に", "送れているか", "テスト.");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void ezwebBounceWithEucJpBodyLabelledIso2022JpIsReadable() throws Exception {
        ParsedReport report = parse(SharedCorpus.file("sisimai-maildir", "bsd", "lhost-ezweb-04.eml"));

        assertThat(report.bodyText())
                .contains("次のあて先へのメッセージはエラーのため送信できませんでした。")
                .contains("User unknown");
        assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning).contains("EUC-JP"));
        assertThat(report.returnPath()).as("a bounce has a null return path").isEmpty();
        assertThat(report.fromAddress()).isEqualTo("postmaster@ezweb.ne.jp");
    }

    @Test
    void mhtmlReportWithTheImageBeforeTheHtmlIsRead() throws Exception {
        ParsedReport report = parse(SharedCorpus.file("mimekit-messages", "multipart-related-mhtml.txt"));

        assertThat(report.bodyText()).isEqualTo("def");
        assertThat(report.attachments()).containsExactly("image/png");
    }

    @Test
    void embeddedMessageFromMimeKitIsReadAsForwardedEvidence() throws Exception {
        ParsedReport report = parse(SharedCorpus.file("mimekit-messages", "simple-embedded-message.eml"));

        assertThat(report.bodyText()).contains("This is the message body.")
                .doesNotContain("This is the embedded message body.");
        assertThat(report.details().evidence()).singleElement().satisfies(forwarded -> {
            assertThat(forwarded.subject()).isEqualTo("embedded message");
            assertThat(forwarded.bodyText()).contains("This is the embedded message body.");
        });
        assertThat(report.searchableText()).contains("This is the message body.", "Subject: embedded message",
                "This is the embedded message body.");
    }

    @TestFactory
    Stream<DynamicTest> everyMime4jTestMessageIsReadOrRejectedWithAReason() throws IOException {
        return messagesIn(SharedCorpus.dir().resolve("mime4j-testmsgs"), ".msg");
    }

    @TestFactory
    Stream<DynamicTest> resourceExhaustionFixturesFromMailparserAreReadOrRejectedWithAReason() throws IOException {
        return messagesIn(SharedCorpus.dir().resolve("mailparser-fixtures"), ".eml");
    }

    @TestFactory
    Stream<DynamicTest> everyMimeKitMessageIsReadOrRejectedWithAReason() throws IOException {
        return Stream.concat(messagesIn(SharedCorpus.dir().resolve("mimekit-messages"), ".txt"),
                messagesIn(SharedCorpus.dir().resolve("mimekit-messages"), ".eml"));
    }

    /**
     * One test per message: parsing returns, or throws a ParseException with a reason; nothing else, and within
     * {@link #PER_MESSAGE} of CPU time (wall time would fail a linear parse that waited for a core on a loaded machine).
     */
    private static Stream<DynamicTest> messagesIn(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList().stream()
                    .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () ->
                            ParsingTime.withinCpuTime(PER_MESSAGE, file.toString(), () -> {
                                try {
                                    ParsedReport report = parse(file);
                                    assertThat(report.sender()).isNotNull();
                                } catch (ParseException rejected) {
                                    assertThat(rejected.getMessage()).isNotBlank();
                                }
                                return file;
                            })));
        }
    }

    private static ParsedReport parse(Path file) throws IOException, ParseException {
        try (InputStream in = Files.newInputStream(file)) {
            return new ReportParser().parse(in);
        }
    }
}
