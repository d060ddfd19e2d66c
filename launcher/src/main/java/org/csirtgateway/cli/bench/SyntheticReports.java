package org.csirtgateway.cli.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.csirtgateway.index.Indicator;

/**
 * Seeded generator of realistic incident reports in English and Japanese: the kinds of incident a CSIRT gets
 * (phishing, malware, scanning, spam, defacement, DDoS, leaked credentials, vulnerabilities), each written in several
 * phrasings, with indicators (IPs, domains, URLs, mail addresses, hashes, CVEs), greetings, signatures, reporters.
 * The same seed always gives the same reports, so benchmarks and the duplicate evaluation are reproducible.
 */
public final class SyntheticReports {

    /** One incident: what happened, and its indicators. */
    public record Incident(int id, int kind, boolean japanese, List<Indicator> indicators, Instant at,
                           String victim) {
    }

    /** One written report of an incident. */
    public record Report(String subject, String body, String sender, List<Indicator> indicators) {
    }

    private static final String[] KINDS = {"phishing", "malware", "scanning", "spam", "defacement", "ddos",
            "credentials", "vulnerability"};

    /** Per kind: phrasings (English). {V} victim, {I0..} indicators as text, {T} time. */
    private static final String[][] EN = {
        {"We have detected a phishing site impersonating {V}. The fraudulent login page is hosted at {I0} and "
                + "collects customer passwords. The site resolves to {I1}. Please take it down as soon as possible.",
         "A phishing page pretending to be the {V} sign-in portal is online at {I0}, hosted on {I1}. Several of our "
                + "customers entered their credentials there. We kindly ask for your help in removing it.",
         "Our customers received mails linking to {I0}, a fake {V} login that steals passwords; the server is {I1}. "
                + "Could you arrange a takedown?"},
        {"One of our workstations was infected with malware after opening an attachment. The sample (SHA-256 {I0}) "
                + "connects to its command and control server at {I1}. We attach the logs from {T}.",
         "The malware sample with hash {I0} was found on a laptop at {V}. It beacons to {I1} every five minutes. "
                + "Logs from {T} are below.",
         "Our EDR flagged {I0} as a trojan on a {V} machine; it talks to the C2 at {I1}. First seen {T}."},
        {"The host {I0} in your network has been scanning our servers on ports 22 and 3389 since {T}. "
                + "Please investigate; our firewall logs are attached.",
         "Since {T} we see a port scan from {I0} against our whole range, SSH and RDP. Can you check this host?",
         "Brute-force and scanning activity from {I0} (your network) hit {V} starting {T}; logs attached."},
        {"We receive large amounts of spam sent through your mail server {I0}. The messages advertise {I1} and come "
                + "from {I2}. Headers of a sample are below.",
         "Your server {I0} relays unsolicited bulk mail to our users, promoting {I1}; sender address {I2}.",
         "Spam wave via {I0}: thousands of mails from {I2} linking to {I1} reached {V} today."},
        {"The website of {V} was defaced; the attackers replaced the front page and injected a script loading "
                + "{I0}. The server is {I1}. Noticed at {T}.",
         "Someone defaced the {V} homepage at {T} and inserted a malicious script from {I0}; hosting server {I1}.",
         "Defacement of the {V} web site: the front page now loads {I0}. Hosting at {I1}, first seen {T}."},
        {"Our services are under a distributed denial of service attack since {T}. Much of the traffic comes from "
                + "{I0} and {I1} in your network. We ask you to stop it.",
         "A DDoS attack against {V} started at {T}; among the top sources are {I0} and {I1}, both yours.",
         "Since {T} {V} is flooded with traffic; sources include {I0} and {I1}. Please mitigate."},
        {"We found a paste with credentials of {V} employees at {I0}. The accounts include {I1}. Please "
                + "have the paste removed and notify the affected users.",
         "Leaked passwords of {V} staff were published at {I0}, among them {I1}.",
         "Credentials dump at {I0} lists {V} accounts such as {I1}; we suggest password resets."},
        {"We found a vulnerability in the web application of {V}: {I0} allows remote code execution on the host "
                + "{I1}. Please patch it.",
         "The server {I1} of {V} is still vulnerable to {I0} (remote code execution).",
         "{V} runs an unpatched service on {I1} affected by {I0}; exploitation is trivial."},
    };

    private static final String[][] JA = {
        {"{V}を装ったフィッシングサイトを確認しました。偽のログインページは{I0}で公開されており、顧客のパスワードを"
                + "窃取しています。サイトは{I1}で稼働しています。早急な閉鎖をお願いいたします。",
         "{V}のログイン画面を模倣したフィッシングページが{I0}に設置されています。ホストは{I1}です。"
                + "複数の顧客が認証情報を入力してしまいました。削除にご協力ください。",
         "{I0}へ誘導するメールが当社顧客に届いています。{V}の偽ログインで、サーバーは{I1}です。テイクダウンを"
                + "お願いできますか。"},
        {"添付ファイルを開いた端末がマルウェアに感染しました。検体（SHA-256 {I0}）は{I1}の指令サーバーへ"
                + "通信しています。{T}のログを添付します。",
         "{V}のノートPCからハッシュ値{I0}のマルウェアが見つかりました。5分ごとに{I1}へ通信しています。",
         "EDRが{V}の端末で{I0}をトロイの木馬として検知しました。通信先は{I1}です。初回検知は{T}です。"},
        {"貴組織のネットワーク内のホスト{I0}から、{T}以降当方のサーバーに対してポートスキャンが行われています。"
                + "調査をお願いします。",
         "{T}から{I0}による当方アドレス範囲全体へのスキャン（SSH、RDP）を観測しています。ご確認ください。",
         "貴ネットワークの{I0}から{V}へのブルートフォースとスキャンが{T}より続いています。"},
        {"貴社のメールサーバー{I0}経由で大量の迷惑メールが届いています。本文は{I1}を宣伝しており、送信元は{I2}です。",
         "{I0}から当社利用者へ迷惑メールが中継されています。宣伝先は{I1}、送信者は{I2}です。",
         "本日{I0}経由で{I2}から{I1}へ誘導する迷惑メールが{V}に数千通届きました。"},
        {"{V}のウェブサイトが改ざんされ、トップページに{I0}を読み込むスクリプトが埋め込まれました。"
                + "サーバーは{I1}です。{T}に確認しました。",
         "{T}に{V}のホームページが改ざんされ、{I0}から不正なスクリプトが読み込まれています。ホストは{I1}です。",
         "{V}のサイト改ざん：トップページが{I0}を読み込んでいます。ホスティング先{I1}、確認日時{T}。"},
        {"{T}から当社サービスに対する分散型サービス妨害攻撃を受けています。多くの通信は貴ネットワークの{I0}と{I1}"
                + "からです。対応をお願いします。",
         "{T}に{V}へのDDoS攻撃が始まりました。主な送信元は{I0}と{I1}です。",
         "{T}以降{V}に大量の通信が届いています。送信元には{I0}と{I1}が含まれます。"},
        {"{V}の従業員の認証情報が{I0}に掲載されているのを発見しました。{I1}などのアカウントが含まれています。",
         "{V}職員のパスワードが{I0}で公開されています。{I1}も含まれます。",
         "{I0}の流出データに{V}のアカウント（{I1}など）が含まれています。パスワードの変更をお勧めします。"},
        {"{V}のウェブアプリケーションに脆弱性を発見しました。{I0}によりホスト{I1}で任意のコードが実行可能です。",
         "{V}のサーバー{I1}は依然として{I0}（リモートコード実行）の影響を受けます。",
         "{V}の{I1}で稼働するサービスは未修正で{I0}の影響があります。"},
    };

    private static final String[] VICTIMS = {"Example Bank", "Northwind Traders", "Contoso Logistics",
            "Fabrikam Insurance", "City of Springfield", "Tailspin Airlines", "Woodgrove Credit Union",
            "Adventure Works", "Litware University", "Proseware Hospital", "Wingtip Telecom", "Margie's Travel",
            "株式会社サンプル銀行", "みなと市役所", "東都大学", "さくら物流株式会社", "やまびこ保険", "ひかり通信"};

    private static final String[] WORDS = {"secure", "login", "account", "verify", "update", "portal", "online",
            "service", "support", "billing", "auth", "cloud", "mail", "pay", "id", "web", "my", "help", "bank",
            "shop", "parcel", "track", "office", "docs", "drive", "share", "wallet", "id", "check", "alert"};

    private static final String[] TLDS = {"com", "net", "org", "info", "xyz", "top", "jp", "co", "io", "biz"};

    private static final String[] GREETINGS_EN = {"Hello,", "Hi team,", "Dear CSIRT,", "Good morning,",
            "Hello CSIRT team,", "Dear colleagues,", "Hi,", "Greetings,"};
    private static final String[] GREETINGS_JA = {"お世話になっております。", "ご担当者様", "CSIRTご担当者様",
            "いつもお世話になっております。"};
    private static final String[] CLOSINGS_EN = {"Best regards,", "Regards,", "Thanks,", "Kind regards,",
            "Thank you,", "Cheers,"};
    private static final String[] CLOSINGS_JA = {"よろしくお願いいたします。", "以上、よろしくお願いします。"};
    private static final String[] NAMES = {"Alice Martin", "Bob Chen", "Carol Smith", "Dan Novak", "Eve Tanaka",
            "Frank Müller", "Grace Kim", "Hiro Sato", "Ines Costa", "Jun Suzuki", "Kate Brown", "Liam Wilson",
            "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健"};
    private static final String[] ORGS = {"ISP Abuse Desk", "SOC", "Security Team", "NOC", "CERT", "IT Security",
            "情報セキュリティ室", "システム部"};

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final Random random;

    public SyntheticReports(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** A new incident; {@code japanesePercent} of incidents are reported in Japanese. */
    public Incident incident(int id, int japanesePercent) {
        int kind = random.nextInt(KINDS.length);
        boolean japanese = random.nextInt(100) < japanesePercent;
        Instant at = START.plusSeconds(random.nextInt(3 * 365 * 86_400));
        return new Incident(id, kind, japanese, indicatorsFor(kind), at, pick(VICTIMS));
    }

    /** The same kind and victim as {@code template}, other indicators and time: another incident, same text. */
    public Incident sameTemplateOtherIncident(int id, Incident template) {
        Instant at = template.at().plusSeconds(86_400L + random.nextInt(30 * 86_400));
        return new Incident(id, template.kind(), template.japanese(), indicatorsFor(template.kind()), at,
                template.victim());
    }

    /**
     * Another kind of incident whose last indicator is {@code shared}'s (e.g. the same hosting IP): related, not the
     * same incident.
     */
    public Incident sharingOneIndicator(int id, Incident shared) {
        Incident other = incident(id, shared.japanese() ? 100 : 0);
        while (other.kind() == shared.kind()) {
            other = incident(id, shared.japanese() ? 100 : 0);
        }
        List<Indicator> indicators = new ArrayList<>(other.indicators());
        indicators.set(indicators.size() - 1, shared.indicators().get(shared.indicators().size() - 1));
        return new Incident(id, other.kind(), other.japanese(), indicators, other.at(), other.victim());
    }

    public static String kindName(int kind) {
        return KINDS[kind];
    }

    /** A report of the incident in phrasing {@code phrasing} (0..2), with a random greeting, signature, reporter. */
    public Report write(Incident incident, int phrasing) {
        String[] phrasings = (incident.japanese() ? JA : EN)[incident.kind()];
        String text = fill(phrasings[phrasing % phrasings.length], incident);
        String name = pick(NAMES);
        String org = pick(ORGS);
        String greeting = incident.japanese() ? pick(GREETINGS_JA) : pick(GREETINGS_EN);
        String closing = incident.japanese() ? pick(CLOSINGS_JA) : pick(CLOSINGS_EN);
        String body = greeting + "\n\n" + wrap(text) + "\n\n" + closing + "\n" + name + "\n-- \n" + name + "\n" + org
                + "\n+1 555 " + (1000 + random.nextInt(9000)) + "\n";
        String subject = (incident.japanese() ? "【報告】" : "Report: ") + kindName(incident.kind()) + " "
                + incident.victim();
        String sender = name + " <" + name.toLowerCase().replaceAll("[^a-z]", ".") + random.nextInt(100)
                + "@reporter" + random.nextInt(50) + ".example>";
        return new Report(subject, body, sender, incident.indicators());
    }

    /** The report forwarded by someone else: a note, forwarding headers, the original quoted with "> ". */
    public Report forward(Report original, boolean japanese) {
        StringBuilder quoted = new StringBuilder();
        for (String line : original.body().split("\n", -1)) {
            quoted.append("> ").append(line).append('\n');
        }
        String note = japanese ? "転送します。ご確認ください。" : "FYI, forwarding the report below.";
        String body = (japanese ? pick(GREETINGS_JA) : pick(GREETINGS_EN)) + "\n\n" + note + "\n\n"
                + "---------- Forwarded message ---------\nFrom: " + original.sender() + "\nDate: Mon, 3 Mar 2025"
                + "\nSubject: " + original.subject() + "\nTo: abuse@provider.example\n\n" + quoted
                + "\n" + (japanese ? pick(CLOSINGS_JA) : pick(CLOSINGS_EN)) + "\n" + pick(NAMES) + "\n";
        return new Report("Fwd: " + original.subject(), body, pick(NAMES) + " <fwd" + random.nextInt(1000)
                + "@forwarder.example>", original.indicators());
    }

    /** Sentences in another order, a few words changed: the same report reworded. */
    public Report reword(Report original, boolean japanese) {
        String body = original.body();
        String[][] swaps = japanese
                ? new String[][] {{"確認しました", "発見しました"}, {"お願いいたします", "お願いします"}, {"サーバー", "サーバ"},
                        {"顧客", "お客様"}, {"通信", "接続"}}
                : new String[][] {{"detected", "found"}, {"Please", "Kindly"}, {"customers", "clients"},
                        {"server", "host"}, {"since", "from"}, {"attached", "enclosed"}, {"We ", "Our team "}};
        for (String[] swap : swaps) {
            if (random.nextBoolean()) {
                body = body.replace(swap[0], swap[1]);
            }
        }
        return new Report("Re-sent: " + original.subject(), body, original.sender(), original.indicators());
    }

    /** The same text with a new greeting and signature (re-sent). */
    public Report resend(Incident incident, int phrasing) {
        return write(incident, phrasing);
    }

    private String fill(String phrasing, Incident incident) {
        String text = phrasing.replace("{V}", incident.victim()).replace("{T}", incident.at().toString());
        List<Indicator> indicators = incident.indicators();
        for (int i = 0; i < indicators.size(); i++) {
            text = text.replace("{I" + i + "}", indicators.get(i).value());
        }
        return text;
    }

    private List<Indicator> indicatorsFor(int kind) {
        return switch (KINDS[kind]) {
            case "phishing" -> List.of(new Indicator(Indicator.URL, url()), new Indicator(Indicator.IP, ip()));
            case "malware" -> List.of(new Indicator(Indicator.HASH, hash()), new Indicator(Indicator.IP, ip()));
            case "scanning" -> List.of(new Indicator(Indicator.IP, ip()));
            case "spam" -> List.of(new Indicator(Indicator.IP, ip()), new Indicator(Indicator.DOMAIN, domain()),
                    new Indicator(Indicator.EMAIL, "sales@" + domain()));
            case "defacement" -> List.of(new Indicator(Indicator.URL, url()), new Indicator(Indicator.IP, ip()));
            case "ddos" -> List.of(new Indicator(Indicator.IP, ip()), new Indicator(Indicator.IP, ip()));
            case "credentials" -> List.of(new Indicator(Indicator.URL, "https://paste.example/" + token(8)),
                    new Indicator(Indicator.EMAIL, pick(WORDS) + "." + pick(WORDS) + "@" + domain()));
            default -> List.of(new Indicator(Indicator.CVE, "CVE-20" + (20 + random.nextInt(6)) + "-"
                    + (1000 + random.nextInt(40000))), new Indicator(Indicator.IP, ip()));
        };
    }

    public String ip() {
        return (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }

    public String domain() {
        return pick(WORDS) + "-" + pick(WORDS) + random.nextInt(1000) + "." + pick(TLDS);
    }

    public String url() {
        return "https://" + domain() + "/" + pick(WORDS) + "/" + token(6) + ".php";
    }

    private String hash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String token(int length) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append((char) ('a' + random.nextInt(26)));
        }
        return token.toString();
    }

    public String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Wraps text at about 72 columns (Latin) or 36 characters (Japanese) like a mail client. */
    private static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        boolean cjk = text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
        int width = cjk ? 36 : 72;
        for (String word : cjk ? text.split("(?<=。)") : text.split(" ")) {
            if (column > 0 && column + word.length() > width) {
                out.append('\n');
                column = 0;
            } else if (column > 0 && !cjk) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }
}
