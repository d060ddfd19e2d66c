package org.csirtgateway.parse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What an attachment really is (from its first bytes), and a name that is safe to show and to offer for download. */
final class FileTypes {

    private static final Pattern MAIL_HEADER = Pattern.compile(
            "(?i)^(received|return-path|from|message-id|date|mime-version|delivered-to|x-[a-z0-9-]+|subject|to):");
    private static final Pattern HTML_START = Pattern.compile(
            "<(!doctype html|html|head|body|script|iframe|svg|meta|form|div|table|p|a|img)[\\s>/]");
    private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "csv", "log", "eml");
    private static final int MAX_NAME = 150;

    private FileTypes() {
    }

    static String detect(byte[] content) {
        if (content.length == 0) {
            return "application/x-empty";
        }
        if (startsWith(content, "%PDF-")) {
            return "application/pdf";
        }
        if (startsWith(content, 0x50, 0x4B, 0x03, 0x04)) {
            String head = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.ISO_8859_1);
            if (head.contains("word/")) {
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }
            if (head.contains("xl/")) {
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            }
            if (head.contains("ppt/")) {
                return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
            }
            return "application/zip";
        }
        if (startsWith(content, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
            return "application/x-ole-storage";
        }
        if (startsWith(content, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (startsWith(content, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(content, "GIF87a") || startsWith(content, "GIF89a")) {
            return "image/gif";
        }
        if (startsWith(content, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (startsWith(content, "Rar!")) {
            return "application/vnd.rar";
        }
        if (startsWith(content, '7', 'z', 0xBC, 0xAF)) {
            return "application/x-7z-compressed";
        }
        if (startsWith(content, "MZ")) {
            return "application/x-msdownload";
        }
        if (startsWith(content, 0x7F, 'E', 'L', 'F')) {
            return "application/x-elf";
        }
        if (looksLikeText(content)) {
            String head = new String(content, 0, Math.min(content.length, 200), StandardCharsets.ISO_8859_1);
            if (MAIL_HEADER.matcher(head).find() && head.contains(":")) {
                return "message/rfc822";
            }
            String trimmed = head.stripLeading().toLowerCase(Locale.ROOT);
            if (HTML_START.matcher(trimmed).lookingAt()) {
                return "text/html";
            }
            return "text/plain";
        }
        return "application/octet-stream";
    }

    /** Whether the attachment's text is indexed: text/* (not HTML markup), .txt .csv .log .eml, mail. */
    static boolean isText(String filename, String declaredType, String detectedType) {
        String extension = extension(filename);
        if (TEXT_EXTENSIONS.contains(extension)) {
            return detectedType.startsWith("text/") || detectedType.equals("message/rfc822");
        }
        return declaredType.startsWith("text/") && (detectedType.startsWith("text/")
                || detectedType.equals("message/rfc822"));
    }

    /** The last path segment, without control or bidi characters, bounded, never empty. */
    static String sanitise(String name) {
        if (name == null) {
            return "";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c) && !isBidiControl(c))
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        while (result.startsWith(".")) {
            result = result.substring(1);
        }
        if (result.length() > MAX_NAME) {
            String extension = extension(result);
            int keep = MAX_NAME - extension.length() - 1;
            result = result.substring(0, Math.max(1, keep)) + (extension.isEmpty() ? "" : "." + extension);
        }
        return result;
    }

    static String extension(String filename) {
        if (filename == null) {
            return "";
        }
        int dot = filename.lastIndexOf('.');
        return dot < 0 || dot == filename.length() - 1 ? ""
                : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean isBidiControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x200E || c == 0x200F;
    }

    private static boolean looksLikeText(byte[] content) {
        int n = Math.min(content.length, 4096);
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = content[i] & 0xFF;
            if (b == 0) {
                return false;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x0c && b != 0x1b) {
                control++;
            }
        }
        return control * 100 <= n;
    }

    private static boolean startsWith(byte[] content, String prefix) {
        return startsWith(content, prefix.chars().toArray());
    }

    private static boolean startsWith(byte[] content, int... prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((content[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
