package org.csirtgateway.ui.publicsite;

import java.util.Map;

/** The headings and fixed sentences of the RFC 2350 page, in English and Japanese. */
final class Rfc2350Labels {

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("title", "RFC 2350 description"),
            Map.entry("docinfo", "1. Document information"),
            Map.entry("docinfo.text", "This document describes the team according to RFC 2350. It is generated from "
                    + "the team's profile and always current."),
            Map.entry("location", "Location of this document"),
            Map.entry("contact", "2. Contact information"),
            Map.entry("name", "Name of the team"),
            Map.entry("address", "Address"),
            Map.entry("timezone", "Time zone"),
            Map.entry("phone", "Telephone"),
            Map.entry("emergency", "Emergency telephone"),
            Map.entry("email", "Electronic mail"),
            Map.entry("keys", "Public keys and encryption"),
            Map.entry("keys.none", "The team publishes no OpenPGP key yet."),
            Map.entry("keys.text", "Please encrypt sensitive reports to the team's key:"),
            Map.entry("hours", "Points of customer contact and hours"),
            Map.entry("languages", "Languages"),
            Map.entry("charter", "3. Charter"),
            Map.entry("mission", "Mission statement"),
            Map.entry("constituency", "Constituency"),
            Map.entry("networks", "Networks, domains and autonomous systems"),
            Map.entry("policies", "4. Policies"),
            Map.entry("incidents", "Types of incidents handled"),
            Map.entry("incidents.text", "The team treats reports in these categories of the taxonomy as incidents; "
                    + "other reports are recorded as events:"),
            Map.entry("cooperation", "Co-operation, interaction and disclosure"),
            Map.entry("partners", "Teams we coordinate with"),
            Map.entry("services", "5. Services"),
            Map.entry("reporting", "6. Incident reporting"),
            Map.entry("reporting.text", "Report incidents by e-mail to"),
            Map.entry("none", "—"),
            Map.entry("other", "日本語"));

    private static final Map<String, String> JA = Map.ofEntries(
            Map.entry("title", "RFC 2350 に基づくチーム概要"),
            Map.entry("docinfo", "1. 文書情報"),
            Map.entry("docinfo.text", "この文書は RFC 2350 に従ってチームを説明するものです。チームプロファイルから"
                    + "生成されるため、常に最新です。"),
            Map.entry("location", "この文書の所在"),
            Map.entry("contact", "2. 連絡先情報"),
            Map.entry("name", "チーム名"),
            Map.entry("address", "住所"),
            Map.entry("timezone", "タイムゾーン"),
            Map.entry("phone", "電話番号"),
            Map.entry("emergency", "緊急連絡先電話番号"),
            Map.entry("email", "電子メール"),
            Map.entry("keys", "公開鍵と暗号化"),
            Map.entry("keys.none", "チームは現在 OpenPGP 公開鍵を公開していません。"),
            Map.entry("keys.text", "機密性の高い報告はチームの公開鍵で暗号化してください:"),
            Map.entry("hours", "受付窓口と受付時間"),
            Map.entry("languages", "対応言語"),
            Map.entry("charter", "3. 憲章"),
            Map.entry("mission", "ミッション"),
            Map.entry("constituency", "対象範囲（コンスティチュエンシー）"),
            Map.entry("networks", "ネットワーク・ドメイン・AS 番号"),
            Map.entry("policies", "4. ポリシー"),
            Map.entry("incidents", "対応するインシデントの種類"),
            Map.entry("incidents.text", "タクソノミーの以下の分類に該当する報告をインシデントとして扱い、"
                    + "それ以外はイベントとして記録します:"),
            Map.entry("cooperation", "連携・情報共有・開示"),
            Map.entry("partners", "連携先チーム"),
            Map.entry("services", "5. サービス"),
            Map.entry("reporting", "6. インシデントの報告"),
            Map.entry("reporting.text", "インシデントは次の電子メールアドレスへ報告してください:"),
            Map.entry("none", "—"),
            Map.entry("other", "English"));

    private Rfc2350Labels() {
    }

    static String get(String language, String key) {
        String value = ("ja".equals(language) ? JA : EN).get(key);
        if (value == null) {
            throw new IllegalArgumentException("no label " + key);
        }
        return value;
    }
}
