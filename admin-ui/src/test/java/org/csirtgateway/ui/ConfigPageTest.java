package org.csirtgateway.ui;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.csirtgateway.config.ConfigKey;
import org.csirtgateway.config.ConfigKeys;
import org.csirtgateway.config.EffectiveConfiguration;
import org.csirtgateway.ui.config.ConfigDescriptions;
import org.csirtgateway.ui.i18n.Language;
import org.csirtgateway.ui.i18n.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The effective configuration, for admins. Threat: the view hands out the mailbox passwords and key passphrases to
 * whoever can open it (or to a browser cache); the test server's configuration holds a distinctive secret in every
 * secret key, from the file and from the environment, and it must appear nowhere.
 */
class ConfigPageTest {

    @TempDir
    Path directory;
    TestServer server;
    String adminToken;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(directory);
        adminToken = server.accounts.createApiToken(TestServer.ADMIN, "tests");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void thePageListsEveryKeyWithItsValueAndSource() {
        HttpResponse<String> page = server.browser().signedInAsAdmin().get("/config");

        assertThat(page.statusCode()).isEqualTo(200);
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(page.body()).as(key.path()).contains(">" + key.path() + "<", key.environmentVariable());
        }
        assertThat(page.body()).contains("csirt@example.org", "INBOX", ">default<", ">file<", ">environment<");
    }

    @Test
    void noSecretValueAppearsInThePageOrTheApi() throws IOException {
        String page = server.browser().signedInAsAdmin().get("/config").body();
        HttpResponse<String> api = server.browser().get("/api/config", "Authorization", "Bearer " + adminToken);

        assertThat(page).doesNotContain(TestServer.CONFIG_SECRET).contains(">set<", ">not set<");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).doesNotContain(TestServer.CONFIG_SECRET);
        JsonNode keys = new ObjectMapper().readTree(api.body()).get("keys");
        for (JsonNode key : keys) {
            if (key.get("secret").asBoolean()) {
                assertThat(key.get("value").isNull()).as(key.get("key").asText()).isTrue();
            }
        }
        JsonNode smtpPassword = find(keys, "smtp.password");
        assertThat(smtpPassword.get("set").asBoolean()).isTrue();
        assertThat(smtpPassword.get("source").asText()).isEqualTo("environment");
        assertThat(find(keys, "imap.password").get("source").asText()).isEqualTo("file");
        assertThat(find(keys, "public.signingPassphrase").get("set").asBoolean()).isFalse();
        assertThat(find(keys, "imap.host").get("value").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void analystsAndReadOnlyUsersCannotSeeTheConfiguration() {
        HttpResponse<String> page = server.browser().signedIn().get("/config");
        String analystToken = server.accounts.createApiToken(TestServer.USER, "tests");
        HttpResponse<String> api = server.browser().get("/api/config", "Authorization", "Bearer " + analystToken);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(page.body() + api.body()).doesNotContain("smtp.password", "127.0.0.1");
    }

    @Test
    void inJapaneseEveryKeyIsExplainedInJapanese() {
        Browser admin = server.browser().signedInAsAdmin();
        String english = admin.get("/config", "Accept-Language", "en").body();
        admin.post("/language", Map.of("language", "ja", "return", "/config", "csrf", Browser.csrfField(english)));
        String page = admin.get("/config").body();

        Set<String> keys = ConfigKeys.ALL.stream().map(ConfigKey::path).collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = new TreeSet<>(ConfigDescriptions.bundled().japaneseKeys());
        assertThat(keys).as("configuration keys without a Japanese description: add one to "
                + "admin-ui/src/main/resources/i18n/config-keys_ja.properties").isSubsetOf(described);
        assertThat(described).as("Japanese descriptions of keys that no longer exist").isSubsetOf(keys);
        assertThat(page).contains("<td class=\"muted\" lang=\"ja\">IMAP サーバーのホスト名</td>",
                "「重複の可能性」として提案する類似度の下限")
                .doesNotContain("class=\"muted\" lang=\"en\"", "IMAP server host");
        assertThat(english).contains("<td class=\"muted\" lang=\"en\">IMAP server host</td>");
    }

    @Test
    void aFurtherMailboxsKeyIsExplainedLikeTheDefaultMailboxsNamingIt() {
        EffectiveConfiguration.Entry entry = new EffectiveConfiguration.Entry("imap.abuse.host",
                "CSIRT_IMAP_ABUSE_HOST", "IMAP server host (channel abuse)", false, "imap.example", true,
                EffectiveConfiguration.Source.FILE);

        ConfigDescriptions descriptions = ConfigDescriptions.bundled();
        assertThat(descriptions.describe(entry, Messages.bundled().texts(Language.JAPANESE, ZoneOffset.UTC)))
                .isEqualTo(new ConfigDescriptions.Description("IMAP サーバーのホスト名（メールボックス abuse）", "ja"));
        assertThat(descriptions.describe(entry, Messages.bundled().texts(Language.ENGLISH, ZoneOffset.UTC)))
                .isEqualTo(new ConfigDescriptions.Description("IMAP server host (channel abuse)", "en"));
    }

    @Test
    void aFurtherMailboxsRetryKeyIsExplainedLikeTheDefaultMailboxsNamingIt() {
        EffectiveConfiguration.Entry entry = new EffectiveConfiguration.Entry("imap.abuse.retry.capSeconds",
                "CSIRT_IMAP_ABUSE_RETRY_CAP_SECONDS", "longest wait between two attempts, in seconds (channel abuse)",
                false, "300", true, EffectiveConfiguration.Source.DEFAULT);

        assertThat(ConfigDescriptions.bundled().describe(entry,
                Messages.bundled().texts(Language.JAPANESE, ZoneOffset.UTC)))
                .isEqualTo(new ConfigDescriptions.Description("再試行の間隔の上限（秒）（メールボックス abuse）", "ja"));
    }

    private static JsonNode find(JsonNode keys, String name) {
        for (JsonNode key : keys) {
            if (key.get("key").asText().equals(name)) {
                return key;
            }
        }
        throw new AssertionError("no key " + name);
    }
}
