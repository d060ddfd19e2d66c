package org.csirtgateway.ui.web;

import java.util.Map;
import java.util.function.Function;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;

import org.csirtgateway.ui.i18n.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: JSON {@code {"error": "..."}} for the API, an error page for the
 * UI. Unexpected exceptions are logged once here and answered with a generic message, never a stack trace.
 */
public final class ErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private final Pages pages;
    private final long maxRequestBytes;

    public ErrorHandlers(Pages pages) {
        this(pages, 0);
    }

    /** @param maxRequestBytes the largest request body the server reads, named when a bigger one is refused */
    public ErrorHandlers(Pages pages, long maxRequestBytes) {
        this.pages = pages;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Deliberate HTTP errors (400, 404, ...) thrown by handlers or by Javalin itself. */
    public void httpError(HttpResponseException e, Context ctx) {
        if (e instanceof LocalizedResponse localized && !Requests.isApi(ctx)) {
            pages.error(ctx, e.getStatus(), localized.text(pages.texts(ctx)));
            return;
        }
        if (e instanceof EndpointNotFound && !Requests.isApi(ctx)) {
            pages.error(ctx, e.getStatus(), pages.texts(ctx).t("error.notFound.text"));
            return;
        }
        String message = e.getMessage();
        if (e instanceof EndpointNotFound) {
            message = "not found";
        } else if (e instanceof MethodNotAllowedResponse) {
            // The path exists, with other methods: say which (RFC 9110 wants them in Allow too).
            String allowed = String.join(", ", e.getDetails().values());
            ctx.header("Allow", allowed);
            message = ctx.method().name() + " is not allowed here; allowed: " + allowed;
        } else if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode() && maxRequestBytes > 0) {
            message = "the request body is larger than the " + maxRequestBytes + " bytes this server accepts";
        }
        respond(ctx, e.getStatus(), message);
    }

    /** An error whose text is the message {@code key}: English for the API, the reader's language on a page. */
    public void respondLocalized(Context ctx, int status, String key, Object... args) {
        respondLocalized(ctx, status, texts -> texts.t(key, args));
    }

    /** An error whose text {@code message} writes in a language: English for the API, the reader's on a page. */
    public void respondLocalized(Context ctx, int status, Function<Texts, String> message) {
        if (Requests.isApi(ctx)) {
            respond(ctx, status, message.apply(Texts.english()));
        } else {
            pages.error(ctx, status, message.apply(pages.texts(ctx)));
        }
    }

    public void unexpected(Exception e, Context ctx) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        respondLocalized(ctx, 500, "error.internal");
    }

    public void respond(Context ctx, int status, String message) {
        if (Requests.isApi(ctx)) {
            ctx.status(status).json(Map.of("error", message));
        } else {
            pages.error(ctx, status, message);
        }
    }
}
