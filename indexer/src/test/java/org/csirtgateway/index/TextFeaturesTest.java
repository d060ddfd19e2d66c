package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The duplicate features of a text are stored in the index (exact-duplicate key in the database, MinHash signature,
 * LSH bands and vocabulary in Lucene) and compared with those of messages indexed long before. Making them cheaper
 * must not change one bit of them, or new reports would stop matching old ones: they are checked here against the
 * straightforward implementation they replaced, on texts made of the lines that normalisation treats specially.
 */
class TextFeaturesTest {

    private static final String[] LINES = {"Hello CSIRT team,", "Dear Sir or Madam", "お世話になっております。",
            "山田様", "we observed suspicious activity involving 198.51.100.7 at Tue, 26 Nov 2026 13:00:00 +0000.",
            "Tue, 26 Nov 2026 12:59:58 +0000 sshd[1000]: Failed password for root from 198.51.100.7 port 4711 ssh2",
            "> quoted line", " >> doubly quoted", "-----Original Message-----", "---------- Forwarded message ---------",
            "----- 転送メッセージ -----", "Begin forwarded message:", "On Mon, 1 Jan 2026, Alice wrote:",
            "on this day nothing was written", "山田さんは書きました：", "From: someone@example.org", "Sent: today",
            "件名： フィッシング", "To whom it may concern", "Subject line without colon", "Regards,", "Best",
            "以上、よろしくお願いいたします。", "--", "-- ", "__", "____", "Sent from my iPhone", "-", "- item",
            "192.0.2.1 から不審な通信を確認しました。", "フィッシングサイト https://login.example.net/a?b=1 を確認",
            "  spaced\tout \u000B text\f\r ", "\u00A0non-breaking\u00A0space\u3000ideographic", "", " ",
            "UPPER Case MiXed", "emoji \uD83D\uDE00 and 𠮷野家", "ｈａｌｆ　ｗｉｄｔｈ ｶﾀｶﾅ", "a.b-c@d/e:f_g", "x..y--z",
            "한국어 보고서 ー ゛ 〆 々", "_under_score_ 1.2.3 v2-beta é-école"};

    private static List<String> texts() {
        Random random = new Random(42);
        List<String> texts = new ArrayList<>(Arrays.asList(LINES));
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder();
            String newline = random.nextBoolean() ? "\n" : random.nextBoolean() ? "\r\n" : "\r";
            for (int n = random.nextInt(25); n >= 0; n--) {
                text.append(LINES[random.nextInt(LINES.length)]).append(newline);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Test
    void normalisedTextIsThatOfTheFirstImplementation() {
        for (String text : texts()) {
            assertThat(ReportText.normalise(text)).as(text).isEqualTo(First.normalise(text));
            assertThat(ReportText.content(text)).as(text).isEqualTo(First.content(text));
        }
    }

    @Test
    void whitespaceIsCollapsedAsTheRegularExpressionDid() {
        Random random = new Random(7);
        char[] alphabet = {' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u3000', '\u2028', 'a', 'あ', '.'};
        for (int i = 0; i < 20_000; i++) {
            char[] text = new char[random.nextInt(12)];
            for (int c = 0; c < text.length; c++) {
                text[c] = alphabet[random.nextInt(alphabet.length)];
            }
            String value = new String(text);
            assertThat(ReportText.collapseWhitespace(value))
                    .isEqualTo(First.WHITESPACE.matcher(value).replaceAll(" "));
        }
    }

    @Test
    void signatureBandsAndVocabularyAreThoseOfTheFirstImplementation() {
        for (String text : texts()) {
            String normalised = First.normalise(text);
            List<String> words = ReportText.words(normalised);
            assertThat(words).as(normalised).isEqualTo(First.words(normalised));
            assertThat(NearDuplicates.vocabularyOfWords(words)).isEqualTo(First.vocabulary(words));
            assertThat(NearDuplicates.vocabularyOfWords(List.of("_", "a", "1", "é", "漢", "漢字", "ab")))
                    .isEqualTo(First.vocabulary(List.of("_", "a", "1", "é", "漢", "漢字", "ab")));
            MinHash.Signature expected = First.signature(words);
            MinHash.Signature signature = MinHash.ofWords(words);
            if (expected == null) {
                assertThat(signature).isNull();
                continue;
            }
            assertThat(signature.values()).as(text).containsExactly(expected.values());
            assertThat(signature.bandKeys()).isEqualTo(expected.bandKeys());
            TextFeatures features = TextFeatures.of(text);
            assertThat(features.signature().values()).containsExactly(expected.values());
            assertThat(features.vocabulary()).isEqualTo(NearDuplicates.vocabularyOfWords(words));
            assertThat(features.exactDuplicateKey()).isEqualTo(ReportText.exactDuplicateKeyOfNormalised(normalised));
        }
    }

    /** The first implementation, kept as the reference. */
    private static final class First {
        private static final Pattern QUOTE_MARKERS = Pattern.compile("^(\\s*>)+\\s?");
        private static final Pattern WHITESPACE = Pattern.compile("\\s+");
        private static final Pattern SIGNATURE_DELIMITER = Pattern.compile("^--\\s?$|^__+$|^sent from my .*$");
        private static final Pattern FORWARD_MARKER = Pattern.compile(
                "^-+\\s*(original message|forwarded message|転送メッセージ|元のメッセージ)\\s*-+$"
                        + "|^begin forwarded message:?$|^on .{3,200} wrote:$|^.{3,200}さんは書きました[:：]?$");
        private static final Pattern FORWARD_HEADER = Pattern.compile(
                "^(from|sent|to|cc|subject|date|差出人|送信者|送信日時|日付|宛先|件名)\\s*[:：].*$");
        private static final Pattern GREETING = Pattern.compile(
                "^(hello|hi|hey|dear|good (morning|afternoon|evening)|greetings|to whom it may concern|team|"
                        + "お世話になっております|お世話になります|いつもお世話になっております|ご担当者様|.{1,30}様)\\b?.{0,40}$");
        private static final Pattern CLOSING = Pattern.compile(
                "^(regards|best regards|kind regards|best wishes|best|thanks|thank you|many thanks|cheers|sincerely|"
                        + "yours sincerely|br|以上|よろしくお願いいたします|よろしくお願いします|宜しくお願い致します)"
                        + "[,.!。、]*.{0,20}$");
        private static final int HASHES = 64;
        private static final long[] SEEDS = new long[HASHES];

        static {
            long x = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < HASHES; i++) {
                x = mix(x + 0x632BE59BD9B4E019L * (i + 1));
                SEEDS[i] = x;
            }
        }

        static String normalise(String text) {
            return WHITESPACE.matcher(String.join(" ", contentLines(text, true))).replaceAll(" ").strip();
        }

        static String content(String text) {
            return String.join("\n", contentLines(text, false));
        }

        private static List<String> contentLines(String text, boolean lowerCase) {
            if (text == null || text.isEmpty()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            List<String> lowered = new ArrayList<>();
            for (String raw : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
                String kept = QUOTE_MARKERS.matcher(raw).replaceFirst("").strip();
                String line = kept.toLowerCase(Locale.ROOT);
                if (SIGNATURE_DELIMITER.matcher(line).matches()) {
                    break;
                }
                if (line.isEmpty() || FORWARD_MARKER.matcher(line).matches()
                        || FORWARD_HEADER.matcher(line).matches()) {
                    continue;
                }
                lines.add(kept);
                lowered.add(line);
            }
            int first = 0;
            while (first < lowered.size() && lowered.get(first).length() <= 60
                    && GREETING.matcher(lowered.get(first)).matches()) {
                first++;
            }
            int end = lowered.size();
            for (int i = Math.max(first, lowered.size() - 8); i < lowered.size(); i++) {
                if (CLOSING.matcher(lowered.get(i)).matches()) {
                    end = i;
                    break;
                }
            }
            return (lowerCase ? lowered : lines).subList(first, end);
        }

        static MinHash.Signature signature(List<String> words) {
            if (words.isEmpty()) {
                return null;
            }
            long[] wordHashes = new long[words.size()];
            for (int w = 0; w < wordHashes.length; w++) {
                long h = 0xcbf29ce484222325L;
                for (byte b : words.get(w).getBytes(StandardCharsets.UTF_8)) {
                    h ^= b;
                    h *= 0x100000001b3L;
                }
                wordHashes[w] = h;
            }
            int[] mins = new int[HASHES];
            Arrays.fill(mins, Integer.MAX_VALUE);
            int shingles = Math.max(1, words.size() - 3 + 1);
            for (int s = 0; s < shingles; s++) {
                long h = 1125899906842597L;
                for (int w = s; w < Math.min(words.size(), s + 3); w++) {
                    h = 31 * h + wordHashes[w];
                }
                for (int i = 0; i < HASHES; i++) {
                    int v = (int) (mix(h ^ SEEDS[i]) >>> 33);
                    if (v < mins[i]) {
                        mins[i] = v;
                    }
                }
            }
            return new MinHash.Signature(mins);
        }

        static List<String> words(String normalised) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < normalised.length(); ) {
                int cp = normalised.codePointAt(i);
                int len = Character.charCount(cp);
                if (isCjk(cp)) {
                    flush(word, words);
                    words.add(normalised.substring(i, i + len));
                } else if (Character.isLetterOrDigit(cp)) {
                    word.appendCodePoint(cp);
                } else if (word.length() > 0 && (cp == '.' || cp == '-' || cp == '@' || cp == '/' || cp == ':'
                        || cp == '_') && i + len < normalised.length()
                        && Character.isLetterOrDigit(normalised.codePointAt(i + len))) {
                    word.appendCodePoint(cp);
                } else {
                    flush(word, words);
                }
                i += len;
            }
            flush(word, words);
            return words;
        }

        private static void flush(StringBuilder word, List<String> words) {
            if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }

        private static boolean isCjk(int cp) {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
        }

        static java.util.Set<String> vocabulary(List<String> normalisedWords) {
            java.util.Set<String> words = new java.util.HashSet<>();
            String previousCjk = null;
            for (String word : normalisedWords) {
                boolean cjk = word.length() <= 2 && Character.UnicodeScript.of(word.codePointAt(0)) != Character
                        .UnicodeScript.LATIN && !Character.isDigit(word.codePointAt(0));
                if (cjk) {
                    if (previousCjk != null) {
                        words.add(previousCjk + word);
                    }
                    previousCjk = word;
                } else {
                    previousCjk = null;
                    if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
                        words.add(word);
                    }
                }
            }
            return words;
        }

        private static final java.util.Set<String> STOP_WORDS = java.util.Set.of("the", "and", "for", "from", "with",
                "this", "that", "have", "has", "been", "are", "was", "were", "our", "your", "you", "we", "it", "its",
                "is", "in", "on", "of", "to", "at", "by", "an", "a", "as", "be", "or", "please", "can", "could",
                "would", "will", "there", "their", "they", "them", "which", "who", "all", "any", "some", "also",
                "since", "into", "about", "may", "more");

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
