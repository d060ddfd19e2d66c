package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * Why the index analyses Japanese with CJK bigrams rather than Kuromoji: on a labelled set of Japanese reports and
 * the words an analyst would search them by (a query is "found" when its report is among the results), bigrams find
 * every report; Kuromoji's morphological segmentation misses words that sit inside a compound it keeps whole or
 * segments differently in the query than in the sentence. The figures are printed and asserted, so a change of
 * analyzer that finds less fails here.
 */
class JapaneseAnalysisComparisonTest {

    /** Japanese reports as CSIRTs receive them (key -> body). */
    private static final Map<String, String> REPORTS = Map.ofEntries(
            Map.entry("phish", "弊社の顧客を狙ったフィッシングサイトを確認しました。偽のログインページで認証情報を窃取しています。"),
            Map.entry("leak", "当社の個人情報漏えいの可能性があります。顧客データベースへの不正アクセスを検知しました。"),
            Map.entry("ransom", "ファイルサーバーがランサムウェアに感染し、業務システムが停止しています。"),
            Map.entry("ddos", "昨夜から大規模なサービス妨害攻撃を受けており、ウェブサイトが閲覧できない状態です。"),
            Map.entry("scan", "御社のネットワークから当方のサーバーに対してポートスキャンが継続的に行われています。"),
            Map.entry("spam", "迷惑メールが大量に届いています。送信元は御社の管理するメールサーバーのようです。"),
            Map.entry("deface", "自治体のホームページが改ざんされ、不審なスクリプトが埋め込まれていました。"),
            Map.entry("vuln", "貴社製品の脆弱性を発見しました。細工したリクエストで任意のコードが実行可能です。"),
            Map.entry("malware", "添付ファイルを開いたところマルウェアに感染した疑いがあります。標的型攻撃メールと思われます。"),
            Map.entry("account", "従業員のアカウントが乗っ取られ、社内の取引先に不正送金を依頼するメールが送られました。"),
            Map.entry("bec", "ビジネスメール詐欺の被害に遭いました。振込先口座の変更を装った請求書が届きました。"),
            Map.entry("cert", "証明書の有効期限切れにより暗号化通信が利用できなくなっています。"));

    /** What an analyst types, and the report it must find. */
    private static final List<String[]> QUERIES = List.of(
            q("フィッシング", "phish"), q("フィッシングサイト", "phish"), q("ログイン", "phish"), q("認証情報", "phish"),
            q("窃取", "phish"), q("個人情報", "leak"), q("情報漏えい", "leak"), q("漏えい", "leak"),
            q("不正アクセス", "leak"), q("データベース", "leak"), q("ランサムウェア", "ransom"), q("感染", "ransom"),
            q("業務システム", "ransom"), q("サーバー", "ransom"), q("サービス妨害", "ddos"), q("妨害攻撃", "ddos"),
            q("ウェブサイト", "ddos"), q("ポートスキャン", "scan"), q("スキャン", "scan"), q("ネットワーク", "scan"),
            q("迷惑メール", "spam"), q("メールサーバー", "spam"), q("送信元", "spam"), q("改ざん", "deface"),
            q("ホームページ", "deface"), q("スクリプト", "deface"), q("自治体", "deface"), q("脆弱性", "vuln"),
            q("任意のコード", "vuln"), q("リクエスト", "vuln"), q("マルウェア", "malware"), q("標的型攻撃", "malware"),
            q("添付ファイル", "malware"), q("標的型", "malware"), q("乗っ取られ", "account"), q("不正送金", "account"),
            q("送金", "account"), q("アカウント", "account"), q("メール詐欺", "bec"), q("詐欺", "bec"),
            q("振込先", "bec"), q("請求書", "bec"), q("口座", "bec"), q("証明書", "cert"), q("有効期限", "cert"),
            q("暗号化", "cert"), q("期限切れ", "cert"), q("暗号化通信", "cert"));

    record Figures(int found, int queries, double precision) {
        double recall() {
            return found / (double) queries;
        }
    }

    @Test
    void cjkBigramsFindEveryJapaneseWordOfTheLabelledSetAndAtLeastAsManyAsKuromoji() throws Exception {
        Figures bigrams = measure(ReportAnalyzer.forIndexing(), ReportAnalyzer.forQueries());
        Figures kuromoji = measure(new JapaneseAnalyzer(null, JapaneseTokenizer.Mode.SEARCH,
                JapaneseAnalyzer.getDefaultStopSet(), JapaneseAnalyzer.getDefaultStopTags()), new JapaneseAnalyzer(null,
                JapaneseTokenizer.Mode.SEARCH, JapaneseAnalyzer.getDefaultStopSet(),
                JapaneseAnalyzer.getDefaultStopTags()));
        System.out.printf("Japanese search on %d reports, %d queries: CJK bigrams recall %.3f precision %.3f; "
                        + "Kuromoji (search mode) recall %.3f precision %.3f%n", REPORTS.size(), QUERIES.size(),
                bigrams.recall(), bigrams.precision(), kuromoji.recall(), kuromoji.precision());

        assertThat(bigrams.recall()).isEqualTo(1.0);
        assertThat(bigrams.recall()).isGreaterThanOrEqualTo(kuromoji.recall());
        assertThat(bigrams.precision()).isGreaterThanOrEqualTo(0.9);
    }

    private static Figures measure(Analyzer indexAnalyzer, Analyzer queryAnalyzer) throws Exception {
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(indexAnalyzer))) {
                for (Map.Entry<String, String> report : REPORTS.entrySet()) {
                    Document doc = new Document();
                    doc.add(new StringField("key", report.getKey(), Field.Store.YES));
                    doc.add(new TextField("body", report.getValue(), Field.Store.NO));
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int found = 0;
                int returned = 0;
                int relevantReturned = 0;
                for (String[] query : QUERIES) {
                    Set<String> keys = search(searcher, queryAnalyzer, query[0]);
                    if (keys.contains(query[1])) {
                        found++;
                    }
                    returned += keys.size();
                    relevantReturned += keys.contains(query[1]) ? 1 : 0;
                }
                double precision = returned == 0 ? 1 : relevantReturned / (double) returned;
                return new Figures(found, QUERIES.size(), precision);
            }
        }
    }

    private static Set<String> search(IndexSearcher searcher, Analyzer analyzer, String text) throws Exception {
        QueryParser parser = new QueryParser("body", analyzer);
        parser.setSplitOnWhitespace(true);
        parser.setAutoGeneratePhraseQueries(true);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        Set<String> keys = new HashSet<>();
        for (ScoreDoc doc : searcher.search(parser.parse(QueryParser.escape(text)), 20).scoreDocs) {
            keys.add(searcher.storedFields().document(doc.doc).get("key"));
        }
        return keys;
    }

    private static String[] q(String query, String report) {
        return new String[] {query, report};
    }

}
