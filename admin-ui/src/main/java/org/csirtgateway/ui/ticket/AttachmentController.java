package org.csirtgateway.ui.ticket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.archive.ContentMissing;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ui.web.LocalizedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /tickets/{id}/attachments/{sha256}: an attachment of a ticket, always as a download. Attachments are
 * attacker-controlled: they are served as application/octet-stream with nosniff and Content-Disposition: attachment
 * (a safe ASCII filename plus the RFC 5987 filename* for the real name), never inline, so a browser never renders or
 * runs them on the admin origin. An attachment the ticket lists but whose content this installation's attachment store
 * lacks (restored from a backup taken without {@code attachments/}) is answered 404 with a message saying so.
 */
public final class AttachmentController {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentController.class);

    private final TicketQueries tickets;

    public AttachmentController(TicketQueries tickets) {
        this.tickets = tickets;
    }

    public void download(Context ctx) throws IOException {
        String ticketId = ctx.pathParam("id");
        String sha256 = ctx.pathParam("sha256");
        Optional<TicketQueries.AttachmentDownload> download;
        try {
            download = tickets.openAttachment(ticketId, sha256);
        } catch (ContentMissing e) {
            // The ticket lists the attachment, the store lacks it: an installation restored without attachments/.
            LOG.warn("Attachment {} of ticket {} is not in the attachment store of this installation: {}", sha256,
                    ticketId, e.getMessage());
            throw new LocalizedResponse(404, "error.attachmentNotInstalled");
        }
        if (download.isEmpty()) {
            throw new NotFoundResponse("No such attachment on ticket " + ticketId);
        }
        String name = download.get().attachment().displayName();
        ctx.header("Content-Disposition", contentDisposition(name));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        ctx.contentType("application/octet-stream");
        try (InputStream in = download.get().content()) {
            ctx.result(in.readAllBytes());
        }
    }

    /** {@code attachment; filename="ascii_only.txt"; filename*=UTF-8''percent-encoded} */
    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%' ? c : '_');
        }
        String fallback = ascii.toString().strip();
        if (fallback.isEmpty() || fallback.chars().allMatch(c -> c == '_' || c == '.')) {
            fallback = "attachment";
        }
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + rfc5987(name);
    }

    private static String rfc5987(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
