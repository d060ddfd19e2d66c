package org.csirtgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.csirtgateway.config.EffectiveConfiguration;
import org.csirtgateway.store.Sql;
import org.csirtgateway.ticket.TicketStatus;
import org.csirtgateway.ui.auth.AccountAudit;
import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.Messages;
import org.csirtgateway.ui.i18n.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Japanese UI: both bundles have the same keys, every key the templates and controllers use exists, and every
 * page rendered in Japanese shows none of the English UI's words (the English bundle's texts) in its visible text
 * or its placeholders, labels and tooltips. Dates are written the Japanese way in the team's time zone.
 */
class JapaneseUiTest {

    static final Instant NOW = Instant.parse("2026-05-01T03:00:00Z");
    static final Messages MESSAGES = Messages.bundled();

    @TempDir
    Path directory;
    TestServer server;
    Browser browser;
    String ticketPath;

    @BeforeEach
    void seed() throws IOException {
        server = new TestServer(directory, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Tokyo"));
        String id = server.tickets.fromMail("""
                From: 田中 <tanaka@example.jp>
                Subject: フィッシングメールの転送
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: text/plain; charset=utf-8

                下記のメールを受信しました。203.0.113.9 への誘導があります。
                --outer
                Content-Type: message/rfc822

                Received: from mx.example.net (mx.example.net [203.0.113.9])
                From: 銀行 <info@bank-login.example>
                Subject: 口座の確認
                Message-ID: <x1@bank-login.example>
                Content-Type: multipart/mixed; boundary=inner

                --inner
                Content-Type: text/plain; charset=utf-8

                口座を確認してください: https://bank-login.example/a
                --inner
                Content-Type: text/plain; name="memo.txt"
                Content-Disposition: attachment; filename="memo.txt"

                メモ
                --inner--
                --outer--
                """, Instant.parse("2026-04-30T16:00:00Z"));
        ticketPath = "/tickets/" + id.replace("#", "%23");
        server.tickets.ticket("CSIRT#2026-000100", "不正アクセスの報告", "sato@example.jp", "ログを確認しました。",
                Instant.parse("2026-04-20T00:00:00Z"), Instant.parse("2026-04-20T00:00:30Z"));
        server.database.inTransaction(c -> Sql.insert(c, """
                INSERT INTO raw_messages (sha256, size_bytes, channel, source, fetched_at, state, failure)
                VALUES ('ab', 10, 'csirt', 'imap:INBOX:9:1', ?, 'quarantined', 'MIME の階層が上限を超えています')""",
                NOW));
        browser = server.browser().signedIn();
        String page = browser.get("/dashboard").body();
        browser.post("/language", Map.of("language", "ja", "return", "/dashboard", "csrf",
                Browser.csrfField(page)));
        String csrf = Browser.csrfField(browser.get(ticketPath).body());
        browser.post(ticketPath + "/status", Map.of("status", "triaged", "csrf", csrf));
        browser.post(ticketPath + "/notes", Map.of("body", "電話で連絡済み。", "csrf", csrf));
        browser.post(ticketPath + "/assignee", Map.of("assignee", "alice", "csrf", csrf));
        browser.post(ticketPath + "/reply", Map.of("body", "ご報告ありがとうございます。", "csrf", csrf));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void bothBundlesHaveTheSameKeysAndEveryUsedKeyExists() throws IOException {
        Set<String> english = MESSAGES.keys(Language.ENGLISH);
        assertThat(MESSAGES.keys(Language.JAPANESE)).isEqualTo(english);
        Set<String> missing = new TreeSet<>();
        for (String key : usedKeys()) {
            if (!english.contains(key)) {
                missing.add(key);
            }
        }
        assertThat(missing).as("keys used in templates and controllers but missing in the bundles").isEmpty();
        for (String status : TicketStatus.names()) {
            assertThat(english).contains("status." + status);
        }
        for (Role role : Role.values()) {
            assertThat(english).contains("role." + role.dbName());
        }
        for (AccountAudit.Action action : AccountAudit.Action.values()) {
            assertThat(english).contains("auditAction." + action.dbName());
        }
        for (EffectiveConfiguration.Source source : EffectiveConfiguration.Source.values()) {
            assertThat(english).contains("configSource." + source.label());
        }
    }

    @Test
    void noReasonInEitherLanguageIsAnExceptionText() {
        for (Language language : List.of(Language.ENGLISH, Language.JAPANESE)) {
            Texts texts = MESSAGES.texts(language, ZoneOffset.UTC);
            for (String key : MESSAGES.keys(language)) {
                if (key.startsWith("reason.")) {
                    assertThat(texts.t(key)).as(key).doesNotContainPattern("Exception|java\\.|\\bnull\\b");
                }
            }
        }
    }

    @Test
    void japaneseValuesAreJapanese() {
        Texts ja = MESSAGES.texts(Language.JAPANESE, ZoneOffset.UTC);
        List<String> untranslated = new ArrayList<>();
        for (String key : MESSAGES.keys(Language.ENGLISH)) {
            String text = ja.t(key);
            // rfc2350.other is the link to the English page, named in English on purpose.
            boolean technical = key.equals("rfc2350.other") || key.startsWith("format.") || key.startsWith("indicatorType.")
                    || key.startsWith("indicatorKind.") || key.startsWith("duration.") || text.matches("[\\p{P}\\p{S}\\s0-9]*");
            if (!technical && !text.codePoints().anyMatch(JapaneseUiTest::japanese)) {
                untranslated.add(key + "=" + text);
            }
        }
        assertThat(untranslated).as("Japanese messages without any Japanese").isEmpty();
    }

    @Test
    void everyPageInJapaneseShowsNoEnglishUiWords() {
        Map<String, HttpResponse<String>> pages = new LinkedHashMap<>();
        pages.put("/dashboard", browser.get("/dashboard"));
        pages.put("/tickets", browser.get("/tickets"));
        pages.put("/tickets?q=", browser.get("/tickets?q=%E5%8F%A3%E5%BA%A7"));
        pages.put("/tickets?status=open", browser.get("/tickets?status=open&sort=oldest"));
        pages.put("ticket", browser.get(ticketPath));
        pages.put("/quarantine", browser.get("/quarantine?retried=1&outcome=pending"));
        pages.put("/keys", browser.get("/keys"));
        pages.put("404", browser.get("/tickets/CSIRT%232099-999999"));
        pages.put("bad date", browser.get("/tickets?from=yesterday"));
        pages.put("refused", browser.post(ticketPath + "/status", Map.of("status", "resolved", "csrf",
                Browser.csrfField(browser.get(ticketPath).body()))));
        pages.put("csrf", browser.post(ticketPath + "/notes", Map.of("body", "x")));
        pages.put("login", server.browser().get("/login", "Accept-Language", "ja,en;q=0.5"));
        pages.putAll(adminPagesInJapanese());
        pages.put("admin page refused", browser.get("/users"));

        List<String> english = englishUiTexts();
        for (Map.Entry<String, HttpResponse<String>> page : pages.entrySet()) {
            String html = page.getValue().body();
            assertThat(html).as(page.getKey()).contains("<html lang=\"ja\">");
            // "Received" stays as the name of the header in "配送経路（Received ヘッダー n 件）".
            String visible = visibleText(html).replace("Received ヘッダー", "");
            List<String> found = english.stream().filter(word -> containsWord(visible, word)).toList();
            assertThat(found).as(page.getKey() + " shows English UI text: " + visible).isEmpty();
        }
        assertThat(visibleText(pages.get("ticket").body())).contains("新規 → トリアージ済み", "内部メモ", "電話で連絡済み。",
                "転送されたメッセージ 1", "memo.txt", "判定 text/plain", "IoC（侵害指標）", "履歴", "送信メール");
        assertThat(visibleText(pages.get("refused").body())).contains("このステータスには変更できません");
        assertThat(visibleText(pages.get("csrf").body())).contains("フォームの有効期限が切れた");
        assertThat(visibleText(pages.get("/quarantine").body())).contains("処理待ち", "MIME の階層");
        assertThat(visibleText(pages.get("/users").body())).contains("ユーザー名", "権限", "管理者", "アナリスト",
                "閲覧のみ", "ユーザーを追加", "監査ログ");
        assertThat(visibleText(pages.get("user added").body())).contains("ユーザー tanaka を追加しました。",
                "tanaka のパスワードです。表示されるのは今回だけです。");
        assertThat(visibleText(pages.get("token created").body())).contains("API トークン「監視」",
                "ヘッダーとして送信してください。", "パスワード再設定", "アカウントを無効化", "失効");
        assertThat(visibleText(pages.get("role changed").body())).contains("権限を「アナリスト」に変更しました。");
        assertThat(visibleText(pages.get("user disabled").body())).contains("アカウントを無効化しました。", "から無効",
                "アカウントを有効化");
        assertThat(visibleText(pages.get("password too short").body()))
                .contains("ユーザー「sato」のパスワードが短すぎます。12 文字以上にしてください。");
        assertThat(visibleText(pages.get("own account").body()))
                .contains("自分自身のアカウントは無効化できません。");
        assertThat(visibleText(pages.get("no such user").body())).contains("ユーザー 999999 は存在しません");
        assertThat(visibleText(pages.get("/audit").body())).contains("監査ログ", "ログイン失敗", "ユーザー追加",
                "権限変更", "API トークン発行", "ユーザー無効化", "wrong password");
        assertThat(visibleText(pages.get("/config").body())).contains("設定元", "設定ファイル", "環境変数", "既定値",
                "設定済み", "未設定");
        assertThat(visibleText(pages.get("admin page refused").body()))
                .contains("この操作には「管理者」の権限が必要です（あなたの権限:「アナリスト」）。");
    }

    /**
     * The admin's pages in Japanese, after an admin added a user (generated password), gave them a token, changed
     * their role and disabled them, and after refusals: a short password, disabling oneself, an unknown user.
     */
    private Map<String, HttpResponse<String>> adminPagesInJapanese() {
        server.browser().signIn(TestServer.ADMIN, "not the password");
        Browser admin = server.browser().signedInAsAdmin();
        admin.post("/language", Map.of("language", "ja", "return", "/users", "csrf",
                Browser.csrfField(admin.get("/dashboard").body())));
        String csrf = Browser.csrfField(admin.get("/users").body());
        Map<String, HttpResponse<String>> pages = new LinkedHashMap<>();
        pages.put("user added", admin.post("/users", Map.of("name", "tanaka", "role", "read-only", "password", "",
                "csrf", csrf)));
        String user = "/users/" + server.accounts.find("tanaka").orElseThrow().id();
        pages.put("token created", admin.post(user + "/tokens", Map.of("label", "監視", "csrf", csrf)));
        admin.post(user + "/role", Map.of("role", "analyst", "csrf", csrf));
        pages.put("role changed", admin.get(user + "?done=role-changed"));
        admin.post(user + "/disable", Map.of("csrf", csrf));
        pages.put("user disabled", admin.get(user + "?done=disabled"));
        pages.put("password too short", admin.post("/users", Map.of("name", "sato", "role", "analyst",
                "password", "short", "csrf", csrf)));
        pages.put("own account", admin.post("/users/" + server.accounts.find(TestServer.ADMIN).orElseThrow().id()
                + "/disable", Map.of("csrf", csrf)));
        pages.put("no such user", admin.get("/users/999999"));
        pages.put("/users", admin.get("/users"));
        pages.put("/audit", admin.get("/audit"));
        pages.put("/config", admin.get("/config"));
        return pages;
    }

    @Test
    void datesAreWrittenTheJapaneseWayInTheTeamsTimeZone() {
        String ticket = browser.get(ticketPath).body();
        // Received 16:00 UTC on 30 April: 1 May 01:00 in Tokyo, a Friday.
        assertThat(ticket).contains("2026年5月1日(金) 01:00 JST");
        assertThat(browser.get("/dashboard").body()).contains("2026年5月1日");
        Texts en = MESSAGES.texts(Language.ENGLISH, ZoneId.of("Asia/Tokyo"));
        assertThat(en.when(Instant.parse("2026-04-30T16:00:00Z"))).isEqualTo("2026-05-01 01:00 JST");
        assertThat(MESSAGES.texts(Language.ENGLISH, ZoneOffset.UTC).when(Instant.parse("2026-04-30T16:00:00Z")))
                .isEqualTo("2026-04-30 16:00 UTC");
        Texts ja = MESSAGES.texts(Language.JAPANESE, ZoneOffset.UTC);
        assertThat(ja.duration(java.time.Duration.ofSeconds(200))).isEqualTo("3分20秒");
        assertThat(ja.duration(java.time.Duration.ofMinutes(125))).isEqualTo("2時間05分");
        assertThat(ja.n("tickets.messages", 3)).isEqualTo("メッセージ 3 通");
        assertThat(ja.number(12345)).isEqualTo("12,345");
    }

    /** The English bundle's texts that differ from the Japanese ones: what must not show on a Japanese page. */
    private static List<String> englishUiTexts() {
        Texts en = MESSAGES.texts(Language.ENGLISH, ZoneOffset.UTC);
        Texts ja = MESSAGES.texts(Language.JAPANESE, ZoneOffset.UTC);
        List<String> words = new ArrayList<>();
        for (String key : MESSAGES.keys(Language.ENGLISH)) {
            if (key.startsWith("format.") || key.startsWith("duration.")) {
                continue;
            }
            String text = en.t(key);
            if (text.equals(ja.t(key))) {
                continue;
            }
            // Each piece between placeholders that reads as UI English: a capital word or several words.
            for (String piece : text.split("\\{[0-9]}")) {
                String trimmed = piece.replaceAll("^[\\p{Punct}\\s←→–·]+|[\\p{Punct}\\s←→–·]+$", "");
                if (trimmed.matches("[A-Z][a-z]{2,}.*") || trimmed.matches("[a-z]+ [a-z]+.*")) {
                    words.add(trimmed);
                }
            }
        }
        return words.stream().distinct().toList();
    }

    private static boolean containsWord(String text, String phrase) {
        return Pattern.compile("(?<![A-Za-z-])" + Pattern.quote(phrase) + "(?![A-Za-z-])").matcher(text).find();
    }

    /** The page's text and the texts of its placeholders, labels and tooltips, tags removed. */
    static String visibleText(String html) {
        StringBuilder text = new StringBuilder();
        Matcher attributes = Pattern.compile("(?:placeholder|aria-label|title|alt)=\"([^\"]*)\"").matcher(html);
        while (attributes.find()) {
            text.append(attributes.group(1)).append('\n');
        }
        // A message's full headers are the reporter's, as they arrived: not UI text.
        String body = html.replaceAll("(?s)<title>.*?</title>", " ").replaceAll("(?s)<pre class=\"headers\">.*?</pre>", " ")
                .replaceAll("(?s)<[^>]+>", " ");
        text.append(body.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"").replace("&quot;", "\"")
                .replace("&amp;", "&"));
        return text.toString().replaceAll("[ \\t]+", " ");
    }

    private static boolean japanese(int c) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
        return block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA
                || block == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION;
    }

    /** Every message key the templates and controllers name. */
    private static Set<String> usedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern plain = Pattern.compile("\\.t\\(\"([a-zA-Z0-9.\\-]+)\"|titled\\(ctx, \"([a-zA-Z0-9.\\-]+)\""
                + "|LocalizedResponse\\([0-9]+, \"([a-zA-Z0-9.\\-]+)\"|respondLocalized\\(ctx, [0-9]+, \"([a-zA-Z0-9.\\-]+)\"");
        Pattern counted = Pattern.compile("\\.n\\(\"([a-zA-Z0-9.\\-]+)\"");
        List<Path> sources;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/jte")), Files.walk(Path.of("src/main/java")))) {
            sources = files.filter(Files::isRegularFile).toList();
        }
        for (Path source : sources) {
            String text;
            try {
                text = Files.readString(source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher matcher = plain.matcher(text);
            while (matcher.find()) {
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    if (matcher.group(group) != null) {
                        keys.add(matcher.group(group));
                    }
                }
            }
            Matcher plural = counted.matcher(text);
            while (plural.find()) {
                keys.add(plural.group(1) + ".one");
                keys.add(plural.group(1) + ".other");
            }
        }
        assertThat(keys).as("keys found in the sources").hasSizeGreaterThan(200);
        return keys;
    }
}
