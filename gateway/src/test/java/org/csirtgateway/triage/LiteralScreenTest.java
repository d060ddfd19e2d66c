package org.csirtgateway.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A rule's pattern is skipped when its screen says the report cannot match. A screen that is wrong would let a
 * report go unclassified, so the screens are checked against the patterns themselves on texts full of the characters
 * that case-insensitive matching treats specially.
 */
class LiteralScreenTest {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static LiteralScreen screen(String regex) {
        return LiteralScreen.of(Pattern.compile(regex, FLAGS));
    }

    @Test
    void theTeamProfilesPatternsAreScreenedOnTheLiteralsEachMatchContains() {
        assertThat(screen("\\b(botnet|bot|c2|c&c|command.and.control|malware|trojan|emotet|qakbot)\\b").literals())
                .containsExactlyInAnyOrder("botnet", "bot", "c2", "c&c", "command", "malware", "trojan", "emotet",
                        "qakbot");
        assertThat(screen("brute.?force").literals()).hasSize(1).containsAnyOf("brute", "force");
        assertThat(screen("failed (ssh )?log ?ins?").literals()).containsExactly("failed ");
        assertThat(screen("\\bCVE-\\d{4}-\\d{4,}\\b").literals()).containsExactly("cve-");
        assertThat(screen("マルウェア(に)?感染").literals()).containsExactly("マルウェア");
        assertThat(screen("パスワード(リスト|総当たり)").literals()).containsExactly("パスワード");
        assertThat(screen("^\\s*\\[?test\\]?\\s*$").literals()).containsExactly("test");
        assertThat(screen("^テスト$").literals()).containsExactly("テスト");
    }

    @Test
    void aReportWithoutTheLiteralsIsScreenedOutAndOneWithThemIsNot() {
        LiteralScreen bruteForce = screen("brute.?force");
        assertThat(bruteForce.mayFind(LiteralScreen.fold("Port scan from 198.51.100.7"))).isFalse();
        assertThat(bruteForce.mayFind(LiteralScreen.fold("BRUTE-FORCE attempts"))).isTrue();
        // U+017F LATIN SMALL LETTER LONG S is an 's' to case-insensitive Unicode matching, and to the screen
        assertThat(Pattern.compile("password spray", FLAGS).matcher("PAſſWORD SPRAY").find()).isTrue();
        assertThat(screen("password spray").mayFind(LiteralScreen.fold("PAſſWORD SPRAY"))).isTrue();
        assertThat(screen("failed (ssh )?log ?ins?").mayFind(LiteralScreen.fold("FAILED LOGINS"))).isTrue();
        assertThat(screen("(?:ſtop)").mayFind(LiteralScreen.fold("STOP"))).isTrue();
    }

    @Test
    void patternsItDoesNotReadAlwaysRun() {
        for (String regex : List.of("(a)\\1", "(?=phish)phishing", "(?i)phish", "\\Qphish\\E", "\\p{L}+phish",
                "[[a-z]&&[^b]]phish", "\\x{70}hish", "(?<name>phish)", "x|", "a*", ".")) {
            assertThat(screen(regex).literals()).as(regex).isEmpty();
            assertThat(screen(regex).mayFind("")).as(regex).isTrue();
        }
        assertThat(LiteralScreen.of(Pattern.compile("phish", Pattern.CASE_INSENSITIVE)).literals()).isEmpty();
        assertThat(LiteralScreen.of(Pattern.compile("phish", Pattern.COMMENTS)).literals()).isEmpty();
        assertThat(LiteralScreen.of(Pattern.compile("phish")).literals()).containsExactly("phish");
    }

    /** Every text a pattern finds something in passes its screen: the screen only ever skips hopeless work. */
    @Test
    void aScreenNeverHidesAMatch() {
        List<String> regexes = List.of("\\b(botnet|bot|c2|c&c|command.and.control|malware|trojan|emotet|qakbot)\\b",
                "brute.?force", "failed (ssh )?log ?ins?", "パスワード(リスト|総当たり)", "不正ログイン(の)?試行",
                "\\bCVE-\\d{4}-\\d{4,}\\b", "^\\s*\\[?test\\]?\\s*$", "ab+c", "a{2}b", "(?:kelvin|stop)s{1,3}",
                "[k]elvin", "straße", "ΣΑΣ", "i̇stanbul", "ﬁle", "ǅemal", "x\\.y", "a\\b\\Wb", "(?:ab|cd)(?:ef|gh)",
                "(a|b)?cd", "k", "Σ", "password spray");
        String[] pieces = {"bot", "BOT", "Botnet", "c2", "C&C", "command and control", "COMMAND-AND-CONTROL",
                "brute force", "BRUTE-FORCE", "PAſſWORD SPRAY", "password spray", "failed login", "FAILED SSH LOGINS", "パスワードリスト",
                "不正ログインの試行", "cve-2024-12345", "CVE-2024-1234", "test", " [TEST] ", "abbbc", "aab", "KELVIN",
                "\u212Aelvin", "ſtop", "STOPS", "ſtopſ", "STRASSE", "straße", "STRAẞE", "σας", "ΣΑς", "İstanbul",
                "istanbul", "ıstanbul", "FILE", "ﬁle", "ǄEMAL", "ǆemal", "x.y", "xy", "a b", "abef", "cdgh", "bcd",
                "cd", "\uD801\uDC00", "\uD801\uDC28", " ", "\n", "-", ".", "Ａ", "ａ", "k", "K", "\u212A", "ς", "σ",
                "Σ", "ϲ"};
        Random random = new Random(20261126);
        List<String> texts = new ArrayList<>(List.of(pieces));
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(6); n >= 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            texts.add(text.toString());
        }
        int screenedOut = 0;
        for (String regex : regexes) {
            for (int flags : new int[] {FLAGS, 0}) {
                Pattern pattern = Pattern.compile(regex, flags);
                LiteralScreen screen = LiteralScreen.of(pattern);
                for (String text : texts) {
                    boolean passes = screen.mayFind(LiteralScreen.fold(text));
                    if (pattern.matcher(text).find()) {
                        assertThat(passes).as("/%s/ (flags %d) finds something in \"%s\"", regex, flags, text)
                                .isTrue();
                    } else if (!passes) {
                        screenedOut++;
                    }
                }
            }
        }
        assertThat(screenedOut).as("texts the screens spared a pattern run").isGreaterThan(50_000);
    }
}
