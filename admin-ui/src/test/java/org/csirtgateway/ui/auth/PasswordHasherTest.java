package org.csirtgateway.ui.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashVerifiesTheSamePasswordAndNoOther() {
        String hash = hasher.hash("correct horse battery staple".toCharArray());

        assertThat(hasher.verify("correct horse battery staple".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify(new char[0], hash)).isFalse();
    }

    @Test
    void hashIsArgon2idWithItsParametersAndDiffersOnEveryCall() {
        String first = hasher.hash("パスワードは十二文字以上です".toCharArray());
        String second = hasher.hash("パスワードは十二文字以上です".toCharArray());

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(second);
        assertThat(first.split("\\$")).hasSize(6);
        assertThat(hasher.verify("パスワードは十二文字以上です".toCharArray(), second)).isTrue();
    }

    @Test
    void malformedOrTamperedHashesNeverVerify() {
        String hash = hasher.hash("correct horse battery staple".toCharArray());
        char[] password = "correct horse battery staple".toCharArray();

        assertThat(hasher.verify(password, null)).isFalse();
        assertThat(hasher.verify(password, "")).isFalse();
        assertThat(hasher.verify(password, "plain text")).isFalse();
        assertThat(hasher.verify(password, hash.replace("$argon2id$", "$argon2i$"))).isFalse();
        assertThat(hasher.verify(password, hash.replace("m=19456", "m=2000000000"))).isFalse();
        assertThat(hasher.verify(password, hash.replace("t=2", "t=3"))).isFalse();
        assertThat(hasher.verify(password, hash.substring(0, hash.length() - 4) + "AAAA")).isFalse();
    }
}
