package org.csirtgateway.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;

/**
 * A file name parameter (Content-Disposition {@code filename}, Content-Type {@code name}) as RFC 2231 writes it:
 * plain ({@code filename="a.txt"}), extended ({@code filename*=utf-8''%E2%82%AC.txt}) or in numbered segments
 * ({@code filename*0=...; filename*1*=...}). Segments are joined first, in number order; only a segment whose name ends
 * in {@code *} is percent-encoded, and only an extended first segment ({@code filename*0*=}) starts with a
 * {@code charset'language'} prefix. Encoded words (RFC 2047) inside the joined value are left to the caller, which
 * decodes them after joining, because senders split them across segments.
 */
final class FileNameParameter {

    private FileNameParameter() {
    }

    /** The parameter's value in the named field of the entity, or null when the field or parameter is missing. */
    static String of(Entity entity, String fieldName, String parameter) {
        Field field = entity.getHeader().getField(fieldName);
        if (field == null || field.getBody() == null) {
            return null;
        }
        List<NameValuePair> params = RawFieldParser.DEFAULT
                .parseRawBody(new RawField(field.getName(), field.getBody())).getParams();
        return value(params, parameter);
    }

    static String value(List<NameValuePair> params, String parameter) {
        String wanted = parameter.toLowerCase(Locale.ROOT);
        String plain = null;
        String extended = null;
        TreeMap<Integer, NameValuePair> segments = new TreeMap<>();
        for (NameValuePair pair : params) {
            String name = pair.getName() == null ? "" : pair.getName().toLowerCase(Locale.ROOT).strip();
            String value = pair.getValue() == null ? "" : pair.getValue();
            if (name.equals(wanted)) {
                plain = plain == null ? value : plain;
            } else if (name.equals(wanted + "*")) {
                extended = extended == null ? value : extended;
            } else if (name.startsWith(wanted + "*")) {
                String index = name.substring(wanted.length() + 1);
                index = index.endsWith("*") ? index.substring(0, index.length() - 1) : index;
                if (!index.isEmpty() && index.length() <= 4 && index.chars().allMatch(Character::isDigit)) {
                    segments.putIfAbsent(Integer.parseInt(index), pair);
                }
            }
        }
        if (!segments.isEmpty()) {
            return joined(segments);
        }
        if (extended != null) {
            return extendedValue(extended);
        }
        return plain;
    }

    /** Numbered segments joined in order; percent-encoded ones decoded in the first segment's charset. */
    private static String joined(TreeMap<Integer, NameValuePair> segments) {
        Charset charset = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (NameValuePair segment : segments.values()) {
            String value = segment.getValue() == null ? "" : segment.getValue();
            boolean encoded = segment.getName().endsWith("*");
            if (encoded && first) {
                int quote = value.indexOf('\'');
                int second = quote < 0 ? -1 : value.indexOf('\'', quote + 1);
                if (second >= 0) {
                    charset = charset(value.substring(0, quote));
                    value = value.substring(second + 1);
                }
            }
            if (encoded) {
                percentDecode(value, bytes);
            } else {
                // a plain segment is as written: Mime4j gives raw header bytes as Latin-1 characters
                bytes.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
            }
            first = false;
        }
        return decodeBytes(bytes.toByteArray(), charset);
    }

    /** A single {@code name*=charset'language'value}. */
    private static String extendedValue(String value) {
        int quote = value.indexOf('\'');
        int second = quote < 0 ? -1 : value.indexOf('\'', quote + 1);
        if (second < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        percentDecode(value.substring(second + 1), bytes);
        return decodeBytes(bytes.toByteArray(), charset(value.substring(0, quote)));
    }

    private static void percentDecode(String value, ByteArrayOutputStream out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()
                    && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                out.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c <= 0xFF ? c : '?');
            }
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /**
     * Bytes in the declared charset; without one, as Latin-1 characters, so that the caller's raw UTF-8 check reads
     * them as it reads any raw header.
     */
    private static String decodeBytes(byte[] bytes, Charset charset) {
        return new String(bytes, charset == null ? StandardCharsets.ISO_8859_1 : charset);
    }

    private static Charset charset(String name) {
        try {
            return name.isBlank() ? null : Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
