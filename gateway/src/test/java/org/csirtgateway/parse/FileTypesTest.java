package org.csirtgateway.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Threat: attachment names and declared types are chosen by the attacker; what a file is comes from its bytes. */
class FileTypesTest {

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    @Test
    void typeIsDetectedFromTheFirstBytes() {
        assertThat(FileTypes.detect("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo("application/pdf");
        assertThat(FileTypes.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A))).isEqualTo("image/png");
        assertThat(FileTypes.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0))).isEqualTo("image/jpeg");
        assertThat(FileTypes.detect("GIF89a...".getBytes(StandardCharsets.US_ASCII))).isEqualTo("image/gif");
        assertThat(FileTypes.detect(bytes(0x50, 0x4B, 0x03, 0x04, 0, 0))).isEqualTo("application/zip");
        assertThat(FileTypes.detect("PK\u0003\u0004....word/document.xml".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(FileTypes.detect(bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)))
                .isEqualTo("application/x-ole-storage");
        assertThat(FileTypes.detect("MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("application/x-msdownload");
        assertThat(FileTypes.detect("Received: from x\r\nFrom: a@b\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("message/rfc822");
        assertThat(FileTypes.detect("<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("text/html");
        assertThat(FileTypes.detect("time,ip\n1,192.0.2.1\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("text/plain");
        assertThat(FileTypes.detect(bytes(0, 1, 2, 3, 0xFF))).isEqualTo("application/octet-stream");
    }

    @Test
    void executableDeclaredAsPdfIsDetectedAsExecutable() {
        assertThat(FileTypes.detect("MZ this is a PE file".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("application/x-msdownload");
    }

    @Test
    void attachmentNameCanNotNameAPathOrHideItsExtension() {
        assertThat(FileTypes.sanitise("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileTypes.sanitise("C:\\Users\\me\\invoice.pdf")).isEqualTo("invoice.pdf");
        assertThat(FileTypes.sanitise("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(FileTypes.sanitise("report\r\nX-Injected: 1.txt")).isEqualTo("reportX-Injected: 1.txt");
        assertThat(FileTypes.sanitise("...hidden")).isEqualTo("hidden");
        assertThat(FileTypes.sanitise("a".repeat(400) + ".txt")).hasSizeLessThanOrEqualTo(150).endsWith(".txt");
    }
}
