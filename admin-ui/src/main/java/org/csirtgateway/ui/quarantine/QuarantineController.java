package org.csirtgateway.ui.quarantine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.intake.Quarantine;
import org.csirtgateway.intake.QuarantinedMessage;
import org.csirtgateway.ui.web.Pages;
import org.csirtgateway.ui.web.Paging;

/**
 * Quarantined messages: listed (page and API) and retried. Who may retry is declared in the route table (analysts
 * and admins; read-only users may look); the access filter enforces it and, from a browser, the CSRF token.
 */
public final class QuarantineController {

    private final Quarantine quarantine;
    private final Pages pages;

    public QuarantineController(Quarantine quarantine, Pages pages) {
        this.quarantine = quarantine;
        this.pages = pages;
    }

    /** GET /quarantine?limit=&offset=&retried=&outcome= */
    public void page(Context ctx) {
        Paging paging = Paging.of(ctx);
        List<QuarantinedMessage> rows = quarantine.list(paging.limit(), paging.offset());
        pages.render(ctx, 200, "quarantine.jte", new QuarantinePage(pages.titled(ctx, "quarantine.title"), rows,
                quarantine.count(), paging, notice(ctx, pages.texts(ctx))));
    }

    /** POST /quarantine/{id}/retry (form) */
    public void retryFromPage(Context ctx) {
        long id = id(ctx);
        Quarantine.RetryOutcome outcome = quarantine.retry(id);
        if (outcome == Quarantine.RetryOutcome.NOT_FOUND) {
            throw new NotFoundResponse("No quarantined message " + id);
        }
        ctx.redirect("/quarantine?retried=" + id + "&outcome=" + wireName(outcome), HttpStatus.SEE_OTHER);
    }

    /** GET /api/quarantine?limit=&offset= */
    public void list(Context ctx) {
        Paging paging = Paging.of(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", quarantine.count());
        body.put("limit", paging.limit());
        body.put("offset", paging.offset());
        body.put("messages", quarantine.list(paging.limit(), paging.offset()).stream().map(QuarantineController::json)
                .toList());
        ctx.json(body);
    }

    /** POST /api/quarantine/{id}/retry */
    public void retry(Context ctx) {
        long id = id(ctx);
        Quarantine.RetryOutcome outcome = quarantine.retry(id);
        if (outcome == Quarantine.RetryOutcome.NOT_FOUND) {
            throw new NotFoundResponse("No quarantined message " + id);
        }
        ctx.json(Map.of("id", id, "outcome", wireName(outcome)));
    }

    private static Map<String, Object> json(QuarantinedMessage message) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", message.id());
        row.put("channel", message.channel());
        row.put("source", message.source());
        row.put("fetchedAt", message.fetchedAt());
        row.put("reason", message.reason());
        row.put("sha256", message.sha256());
        row.put("sizeBytes", message.sizeBytes());
        return row;
    }

    private static long id(Context ctx) {
        String text = ctx.pathParam("id");
        if (!text.matches("[0-9]{1,18}")) {
            throw new NotFoundResponse("No quarantined message " + (text.length() > 40 ? text.substring(0, 40) : text));
        }
        return Long.parseLong(text);
    }

    static String wireName(Quarantine.RetryOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The result of the last retry, from the redirect's query; only known outcomes are shown. */
    private static String notice(Context ctx, org.csirtgateway.ui.i18n.Texts texts) {
        String retried = ctx.queryParam("retried");
        String outcome = ctx.queryParam("outcome");
        if (retried == null || outcome == null || !retried.matches("[0-9]{1,18}")) {
            return null;
        }
        for (Quarantine.RetryOutcome known : Quarantine.RetryOutcome.values()) {
            if (wireName(known).equals(outcome)) {
                return switch (known) {
                    case TICKETED -> texts.t("quarantine.retried.ticketed", retried);
                    case STILL_QUARANTINED -> texts.t("quarantine.retried.failed", retried);
                    case PENDING -> texts.t("quarantine.retried.pending", retried);
                    case NOT_FOUND -> null;
                };
            }
        }
        return null;
    }
}
