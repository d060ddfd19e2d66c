package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csirtgateway.index.ReportIndexTest.ticketIds;
import static org.csirtgateway.index.Reports.message;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Japanese reports are written without spaces between words; a word must still find its report. */
class JapaneseSearchTest {

    @TempDir
    Path dir;

    private ReportIndex index;

    @BeforeEach
    void open() throws IOException {
        index = ReportIndex.open(dir);
        index.index(message("m1", "T-phish", "【至急】フィッシングサイトの報告",
                "弊社を装ったフィッシングサイトが本日確認されました。至急対応をお願いします。"));
        index.index(message("m2", "T-access", "不審なログインについて",
                "昨夜、社内サーバーへの不正アクセスを検知しました。ログを添付します。"));
        index.index(message("m3", "T-fraud", "ご相談",
                "電話で投資詐欺の被害に遭ったという相談がありました。"));
        index.index(message("m4", "T-filter", "メールフィルタの設定",
                "迷惑メールフィルタを更新しました。"));
        index.index(message("m5", "T-halfwidth", "ｱｸｾｽ解析", "半角カナで書かれた件名です。"));
        index.commit();
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @ParameterizedTest(name = "{0} finds {1}")
    @CsvSource({
        "フィッシング, T-phish",
        "不正アクセス, T-access",
        "詐欺, T-fraud",
        "投資詐欺, T-fraud",
        "subject:フィッシング, T-phish",
        "body:検知, T-access",
        "フィルタ, T-filter",
        "アクセス解析, T-halfwidth",
    })
    void japaneseWordFindsItsReport(String query, String ticket) throws Exception {
        assertThat(ticketIds(index.search(query, 10, 0))).containsExactly(ticket);
    }

    @Test
    void japaneseWordDoesNotMatchReportsSharingOnlyACharacterPair() throws Exception {
        // フィッシング and フィルタ share the bigram フィ; the query is a phrase of all its bigrams.
        assertThat(ticketIds(index.search("フィッシング", 10, 0))).doesNotContain("T-filter");
        assertThat(index.search("詐欺師", 10, 0).totalTickets()).isZero();
    }

    @Test
    void singleKanjiFindsItsReport() throws Exception {
        assertThat(ticketIds(index.search("夜", 10, 0))).containsExactly("T-access");
    }

    @Test
    void japaneseAndEnglishCombine() throws Exception {
        index.index(message("m6", "T-mixed", "Phishing report", "PayPalを装ったフィッシングメール"));
        index.commit();

        assertThat(ticketIds(index.search("paypal フィッシング", 10, 0))).containsExactly("T-mixed");
    }
}
