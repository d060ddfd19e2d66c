package org.csirtgateway.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.field.Fields;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.MimeConfig;
import org.csirtgateway.crypto.CryptoStatus.SignatureResult;

/**
 * Inline PGP in an otherwise ordinary message: armored encrypted blocks and cleartext-signed text in text parts,
 * encrypted attachments ({@code .asc}, {@code .gpg}, {@code .pgp}), and public keys sent along
 * ({@code application/pgp-keys} or an armored key block). Decrypted and verified content replaces the armor in a
 * rewritten copy of the message that the ordinary parser then reads; the original stays in the archive.
 */
final class InlinePgp {

    private static final Pattern ENCRYPTED_BLOCK = Pattern.compile(
            "-----BEGIN PGP MESSAGE-----\\r?\\n.*?-----END PGP MESSAGE-----", Pattern.DOTALL);
    private static final Pattern SIGNED_BLOCK = Pattern.compile(
            "-----BEGIN PGP SIGNED MESSAGE-----\\r?\\n((?:[^\\r\\n]+\\r?\\n)*)\\r?\\n(.*?)\\r?\\n"
                    + "(-----BEGIN PGP SIGNATURE-----\\r?\\n.*?-----END PGP SIGNATURE-----)", Pattern.DOTALL);
    private static final Pattern KEY_BLOCK = Pattern.compile(
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\\r?\\n.*?-----END PGP PUBLIC KEY BLOCK-----", Pattern.DOTALL);

    private final PgpMessages messages;

    InlinePgp(PgpMessages messages) {
        this.messages = messages;
    }

    /**
     * @param rewritten  the message with decrypted/verified content in place, or null when nothing changed
     * @param status     merged findings of every block
     * @param publicKeys key blocks found
     * @param texts      the text parts rewritten with decrypted or verified content, and their protected pieces
     */
    record Result(byte[] rewritten, CryptoStatus status, List<byte[]> publicKeys, List<ProtectedText> texts) {
    }

    /** A cheap test that spares the second parse for the many messages that cannot hold inline PGP. */
    static boolean mayHoldPgp(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return text.contains("pgp") || text.contains(".gpg") || text.contains(".asc") || text.contains("base64")
                || text.contains("quoted-printable");
    }

    Result process(byte[] raw) {
        Message message;
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            message = builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException | RuntimeException e) {
            return new Result(null, CryptoStatus.PLAIN, List.of(), List.of());
        }
        Walk walk = new Walk();
        walk.entity(message, 0);
        if (!walk.changed) {
            return new Result(null, walk.status, walk.keys, List.of());
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
            new DefaultMessageWriter().writeMessage(message, out);
            return new Result(out.toByteArray(), walk.status, walk.keys, walk.texts);
        } catch (IOException | RuntimeException e) {
            return new Result(null, walk.status, walk.keys, List.of());
        }
    }

    /** One pass over the tree, collecting findings and replacing bodies in place. */
    private final class Walk {
        CryptoStatus status = CryptoStatus.PLAIN;
        final List<byte[]> keys = new ArrayList<>();
        final List<ProtectedText> texts = new ArrayList<>();
        boolean changed;
        int blocks;

        void entity(Entity entity, int depth) {
            if (depth > 10) {
                return;
            }
            Body body = entity.getBody();
            if (body instanceof Multipart multipart) {
                String subType = multipart.getSubType() == null ? "" : multipart.getSubType().toLowerCase(Locale.ROOT);
                if (subType.equals("encrypted") || subType.equals("signed")) {
                    return; // PGP/MIME layers are handled on the raw bytes, before this pass
                }
                for (Entity part : multipart.getBodyParts()) {
                    entity(part, depth + 1);
                }
            } else if (body instanceof Message forwarded) {
                entity(forwarded, depth + 1);
            } else if (body instanceof SingleBody single) {
                singlePart(entity, single);
            }
        }

        private void singlePart(Entity entity, SingleBody body) {
            String mimeType = entity.getMimeType() == null ? "" : entity.getMimeType().toLowerCase(Locale.ROOT);
            String filename = entity.getFilename() == null ? "" : entity.getFilename().toLowerCase(Locale.ROOT);
            boolean candidate = mimeType.startsWith("text/") || mimeType.startsWith("application/pgp")
                    || filename.endsWith(".asc") || filename.endsWith(".gpg") || filename.endsWith(".pgp")
                    || filename.endsWith(".key");
            if (!candidate) {
                return; // images, documents, archives: never read here, only by the parser
            }
            byte[] content;
            try (InputStream in = body.getInputStream()) {
                content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, messages.limits().maxDecryptedBytes()));
            } catch (IOException e) {
                return;
            }
            String latin = new String(content, StandardCharsets.ISO_8859_1);
            if (mimeType.equals("application/pgp-keys") || latin.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
                Matcher keyBlocks = KEY_BLOCK.matcher(latin);
                boolean any = false;
                while (keyBlocks.find() && keys.size() < messages.limits().maxInlineBlocks()) {
                    keys.add(keyBlocks.group().getBytes(StandardCharsets.ISO_8859_1));
                    any = true;
                }
                if (!any && mimeType.equals("application/pgp-keys")) {
                    keys.add(content); // binary key
                }
                return;
            }
            boolean attachment = "attachment".equalsIgnoreCase(entity.getDispositionType())
                    || !filename.isEmpty();
            if (mimeType.equals("application/pgp-signature") || latin.startsWith("-----BEGIN PGP SIGNATURE-----")) {
                return; // a detached signature of another attachment: nothing to show it over
            }
            if (attachment && (filename.endsWith(".gpg") || filename.endsWith(".pgp") || filename.endsWith(".asc")
                    || mimeType.equals("application/pgp-encrypted"))) {
                encryptedAttachment(entity, content, entity.getFilename());
            } else if (!attachment && mimeType.startsWith("text/")) {
                textPart(entity, content, mimeType.equals("text/html"));
            }
        }

        private void encryptedAttachment(Entity entity, byte[] content, String filename) {
            if (++blocks > messages.limits().maxInlineBlocks()) {
                return;
            }
            PgpMessages.Opened opened = messages.open(content);
            record(opened);
            if (!opened.readable()) {
                return;
            }
            String name = filename == null ? "decrypted" : filename.replaceFirst("(?i)\\.(gpg|pgp|asc)$", "");
            String lower = name.toLowerCase(Locale.ROOT);
            entity.getHeader().removeFields("Content-Type");
            entity.getHeader().removeFields("Content-Transfer-Encoding");
            entity.getHeader().removeFields("Content-Disposition");
            try {
                if (lower.endsWith(".eml")) {
                    DefaultMessageBuilder builder = new DefaultMessageBuilder();
                    builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
                    Message inner = builder.parseMessage(new ByteArrayInputStream(opened.plaintext()));
                    entity.getHeader().addField(Fields.contentType("message/rfc822"));
                    entity.getHeader().addField(Fields.contentDisposition("inline", name));
                    entity.removeBody();
                    entity.setBody(inner);
                } else {
                    entity.getHeader().addField(Fields.contentType(lower.endsWith(".txt") ? "text/plain"
                            : "application/octet-stream"));
                    entity.getHeader().addField(Fields.contentTransferEncoding("base64"));
                    entity.getHeader().addField(Fields.contentDisposition("attachment", name));
                    entity.removeBody();
                    entity.setBody(BasicBodyFactory.INSTANCE.binaryBody(opened.plaintext()));
                }
                changed = true;
            } catch (IOException | RuntimeException e) {
                // keep the attachment as it came; the status already says it was decrypted
            }
        }

        /**
         * Decrypts the armored blocks and verifies the cleartext-signed blocks of a text part, and rewrites the part
         * with the content in place, remembering which pieces were protected: clear text before, between and after
         * them stays, marked as such. An HTML part becomes its plain text first: decrypted content is never put into
         * reporter HTML, and the blocks are found in what a reader sees.
         */
        private void textPart(Entity entity, byte[] content, boolean html) {
            String charset = entity.getCharset() == null ? "utf-8" : entity.getCharset();
            String text = ArmorWhitespace.normalise(decode(content, charset));
            if (!text.contains("-----BEGIN PGP")) {
                return;
            }
            if (html) {
                text = org.csirtgateway.parse.HtmlText.toPlainText(text);
            }
            text = text.replace("\r\n", "\n"); // one line end throughout, so the pieces are found in the parsed text
            List<ProtectedText.Piece> pieces = new ArrayList<>();
            StringBuilder out = new StringBuilder();
            int last = 0;
            boolean replaced = false;
            Matcher encrypted = ENCRYPTED_BLOCK.matcher(text);
            while (encrypted.find() && ++blocks <= messages.limits().maxInlineBlocks()) {
                PgpMessages.Opened opened = messages.open(encrypted.group().getBytes(StandardCharsets.US_ASCII));
                record(opened);
                if (opened.readable()) {
                    out.append(text, last, encrypted.start());
                    int start = out.length();
                    out.append(decodeGuessing(opened.plaintext()).replace("\r\n", "\n"));
                    pieces.add(new ProtectedText.Piece(start, out.length(), CryptoStatus.PLAIN
                            .withEncryption(opened.encryption(), opened.detail()).withSignature(opened.signature())));
                    last = encrypted.end();
                    replaced = true;
                }
            }
            out.append(text.substring(last));
            text = out.toString();
            out = new StringBuilder();
            last = 0;
            List<ProtectedText.Piece> shifted = new ArrayList<>();
            int next = 0; // the first piece of the decryption pass not yet placed
            Matcher signed = SIGNED_BLOCK.matcher(text);
            while (signed.find() && ++blocks <= messages.limits().maxInlineBlocks()) {
                String signedText = dashUnescape(signed.group(2));
                SignatureResult result = messages.verifyDetached(canonicalText(signedText),
                        signed.group(3).getBytes(StandardCharsets.US_ASCII));
                status = status.merge(CryptoStatus.PLAIN.withSignature(result));
                if (!result.state().equals(CryptoStatus.BAD)) {
                    int offset = out.length() - last;
                    while (next < pieces.size() && pieces.get(next).end() <= signed.start()) {
                        shifted.add(shift(pieces.get(next++), offset));
                    }
                    while (next < pieces.size() && pieces.get(next).start() < signed.end()) {
                        next++; // decrypted text inside the signed block: the signature covers what is shown
                    }
                    out.append(text, last, signed.start());
                    int start = out.length();
                    out.append(signedText);
                    shifted.add(new ProtectedText.Piece(start, out.length(),
                            CryptoStatus.PLAIN.withSignature(result)));
                    last = signed.end();
                    replaced = true;
                }
            }
            int offset = out.length() - last;
            while (next < pieces.size()) {
                shifted.add(shift(pieces.get(next++), offset));
            }
            out.append(text.substring(last));
            if (!replaced) {
                return;
            }
            texts.add(new ProtectedText(out.toString(), shifted));
            entity.getHeader().removeFields("Content-Type");
            entity.getHeader().removeFields("Content-Transfer-Encoding");
            entity.getHeader().addField(Fields.contentType("text/plain", Map.of("charset", "utf-8")));
            entity.getHeader().addField(Fields.contentTransferEncoding("base64"));
            entity.removeBody();
            entity.setBody(BasicBodyFactory.INSTANCE.textBody(out.toString(), StandardCharsets.UTF_8));
            changed = true;
        }

        private ProtectedText.Piece shift(ProtectedText.Piece piece, int by) {
            return new ProtectedText.Piece(piece.start() + by, piece.end() + by, piece.protection());
        }

        private void record(PgpMessages.Opened opened) {
            status = status.merge(CryptoStatus.PLAIN.withEncryption(opened.encryption(), opened.detail())
                    .withSignature(opened.signature()));
        }
    }

    /** Cleartext signature framework (RFC 9580 section 7): dash-escaped lines lose their "- ". */
    private static String dashUnescape(String text) {
        return text.replaceAll("(?m)^- ", "");
    }

    /** What a cleartext signature covers: trailing whitespace removed from every line, lines joined by CRLF. */
    private static byte[] canonicalText(String text) {
        String[] lines = text.split("\r?\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append("\r\n");
            }
            out.append(lines[i].replaceAll("[ \t\r]+$", ""));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(byte[] content, String charset) {
        try {
            return new String(content, Charset.forName(charset));
        } catch (RuntimeException e) {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** Decrypted inline text carries no charset: UTF-8 when it is valid UTF-8, else Latin-1 (never fails). */
    private static String decodeGuessing(byte[] plaintext) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plaintext)).toString();
        } catch (CharacterCodingException e) {
            return new String(plaintext, StandardCharsets.ISO_8859_1);
        }
    }
}
