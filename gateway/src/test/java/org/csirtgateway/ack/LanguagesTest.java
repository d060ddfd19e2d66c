package org.csirtgateway.ack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The acknowledgement language: Japanese when the report has some kana, otherwise the configured default. */
class LanguagesTest {

    @Test
    void textWithKanaIsJapanese() {
        assertThat(Languages.detect("Subject: 不審なメールについて", "en")).isEqualTo("ja");
        assertThat(Languages.detect("フィッシング", "en")).isEqualTo("ja");
    }

    @Test
    void englishTextIsTheDefaultLanguage() {
        assertThat(Languages.detect("Phishing site imitating our bank", "en")).isEqualTo("en");
        assertThat(Languages.detect("", "de")).isEqualTo("de");
    }

    @Test
    void kanjiWithoutKanaIsNotTakenForJapanese() {
        assertThat(Languages.detect("网络钓鱼网站报告", "en")).as("Chinese has no kana").isEqualTo("en");
    }

    @Test
    void twoStrayKanaInEnglishTextDoNotSwitchTheLanguage() {
        assertThat(Languages.detect("Logo shows ノア on the page", "en")).isEqualTo("en");
    }
}
