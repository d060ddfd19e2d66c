package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.csirtgateway.testing.SharedCorpus;
import org.junit.jupiter.api.Test;

class ArfFeedbackTest {

    @Test
    void readsTheFeedbackTypeOfARealArfReport() throws Exception {
        Path arf = SharedCorpus.file("mimekit-messages", "feedback-report.txt");
        assertThat(ArfFeedback.feedbackTypes(Files.readAllBytes(arf))).containsExactly("abuse");
    }

    @Test
    void aFeedbackTypeLineOutsideAFeedbackPartIsIgnored() {
        byte[] mail = "Subject: hi\r\n\r\nFeedback-Type: fraud\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ArfFeedback.feedbackTypes(mail)).isEmpty();
    }
}
