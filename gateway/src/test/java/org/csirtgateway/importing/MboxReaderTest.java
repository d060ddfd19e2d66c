package org.csirtgateway.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxReaderTest {

    @TempDir
    Path dir;

    @Test
    void messagesAreSplitAtFromLinesAfterABlankLineAndKeptByteForByte() throws IOException {
        Path mbox = write("""
                From alice@example.org Thu Sep 18 17:54:04 2008
                Subject: one

                body one
                From here on this line is part of the body

                From MAILER-DAEMON Thu Sep 18 17:54:05 2008
                Subject: two

                body two

                """);
        assertThat(read(mbox)).containsExactly(
                "Subject: one\n\nbody one\nFrom here on this line is part of the body\n",
                "Subject: two\n\nbody two\n");
        assertThat(MboxReader.count(mbox)).isEqualTo(2);
    }

    @Test
    void crlfLineEndingsArePassedOnUnchanged() throws IOException {
        Path mbox = write("From a@b Mon Jan 1 00:00:00 2024\r\nSubject: x\r\n\r\nbody\r\n\r\n"
                + "From a@b Mon Jan 1 00:00:01 2024\r\nSubject: y\r\n\r\nbody\r\n");
        assertThat(read(mbox)).containsExactly("Subject: x\r\n\r\nbody\r\n", "Subject: y\r\n\r\nbody\r\n");
    }

    @Test
    void linesLongerThanTheReadBufferAndLinesAcrossItsEndArePassedOnWhole() throws IOException {
        String longLine = "x".repeat(200_000) + "\n";
        StringBuilder filler = new StringBuilder();
        for (int i = 0; filler.length() < 70_000; i++) {
            filler.append("line ").append(i).append('\n'); // lines of varying length cross the 64 KB buffer's end
        }
        String first = "Subject: long\n\n" + longLine + filler;
        String second = "Subject: after\n\n" + filler + longLine;
        Path mbox = write("From a@b Mon Jan 1 00:00:00 2024\n" + first + "\n"
                + "From a@b Mon Jan 1 00:00:01 2024\n" + second);
        assertThat(read(mbox)).containsExactly(first, second);
    }

    @Test
    void aFileThatDoesNotStartWithAFromLineIsNotAnMbox() throws IOException {
        Path notMbox = write("Subject: a single message\n\nbody\n");
        assertThat(MboxReader.looksLikeMbox(notMbox)).isFalse();
        assertThatThrownBy(() -> new MboxReader(notMbox)).hasMessageContaining("does not start with a 'From ' line");
    }

    @Test
    void anEmptyFileHoldsNoMessages() throws IOException {
        assertThat(read(write(""))).isEmpty();
    }

    @Test
    void sisimaiMboxFilesSplitIntoTheirMessages() throws IOException {
        Path corpus = Corpus.dir("sisimai-mailbox");
        assertThat(MboxReader.count(corpus.resolve("mbox-0"))).isEqualTo(37);
        assertThat(MboxReader.count(corpus.resolve("mbox-1"))).isEqualTo(1);
        assertThat(read(corpus.resolve("mbox-0"))).allSatisfy(message ->
                assertThat(message).isNotBlank().doesNotStartWith("From "));
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "mbox", "");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    private static List<String> read(Path mbox) throws IOException {
        List<String> messages = new ArrayList<>();
        try (MboxReader reader = new MboxReader(mbox)) {
            while (reader.hasNext()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                reader.copyNext(out);
                messages.add(out.toString(StandardCharsets.ISO_8859_1));
            }
        }
        return messages;
    }
}
