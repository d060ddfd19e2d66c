package org.csirtgateway.ui.ticket;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.ticket.TicketChangeRefused;
import org.csirtgateway.ticket.TicketCommands;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketNotFound;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ui.auth.SignedIn;
import org.csirtgateway.ui.web.Format;
import org.csirtgateway.ui.web.JsonBody;
import org.csirtgateway.ui.web.Pages;

/**
 * Changes to tickets, over the JSON API ({@code POST /api/tickets/{id}/status} etc., JSON bodies) and from the forms
 * on the ticket page ({@code POST /tickets/{id}/status} etc., then back to the ticket). HTTP only: the rules live in
 * {@link TicketCommands}; a refused change is answered 400 naming the rule. Who may change tickets is declared in the
 * route table (analysts and admins) and enforced by the access filter before these handlers run.
 */
public final class TicketActionsController {

    /** One change: the field names it reads and what it does with them. */
    @FunctionalInterface
    private interface Change {
        Object apply(String ticketId, Fields fields, String actor);
    }

    /** The request's values, from a JSON object or a form. */
    private interface Fields {
        String text(String name);
    }

    /** What each action's JSON body looks like, for the error message when a body is not a JSON object. */
    private static final Map<String, String> BODY_EXAMPLES = Map.of(
            "status", "{\"status\": \"triaged\"}",
            "assignee", "{\"assignee\": \"alice\"}",
            "category", "{\"category\": \"phishing\"}",
            "notes", "{\"body\": \"Called the hoster.\"}",
            "merge", "{\"into\": \"CSIRT#2026-000001\"}",
            "reply", "{\"body\": \"Thank you for the report.\"}",
            "forward", "{\"to\": \"cert@partner.example\", \"note\": \"For your constituency.\"}");

    private final TicketCommands commands;
    private final TicketQueries tickets;
    private final Pages pages;

    public TicketActionsController(TicketCommands commands, TicketQueries tickets, Pages pages) {
        this.commands = commands;
        this.tickets = tickets;
        this.pages = pages;
    }

    // JSON API

    public void apiStatus(Context ctx) {
        api(ctx, 200, (id, f, actor) -> { commands.changeStatus(id, f.text("status"), actor); return null; });
    }

    public void apiAssignee(Context ctx) {
        api(ctx, 200, (id, f, actor) -> { commands.assign(id, f.text("assignee"), actor); return null; });
    }

    public void apiCategory(Context ctx) {
        api(ctx, 200, (id, f, actor) -> { commands.categorize(id, f.text("category"), actor); return null; });
    }

    public void apiNote(Context ctx) {
        api(ctx, 201, (id, f, actor) -> commands.addNote(id, f.text("body"), actor));
    }

    public void apiMerge(Context ctx) {
        api(ctx, 200, (id, f, actor) -> { commands.merge(id, f.text("into"), actor); return null; });
    }

    public void apiReply(Context ctx) {
        api(ctx, 202, (id, f, actor) -> commands.reply(id, f.text("to"), f.text("body"), actor));
    }

    public void apiForward(Context ctx) {
        api(ctx, 202, (id, f, actor) -> commands.forward(id, f.text("to"), f.text("note"), actor));
    }

    // Forms on the ticket page

    public void formStatus(Context ctx) {
        form(ctx, (id, f, actor) -> { commands.changeStatus(id, f.text("status"), actor); return null; });
    }

    public void formAssignee(Context ctx) {
        form(ctx, (id, f, actor) -> { commands.assign(id, f.text("assignee"), actor); return null; });
    }

    public void formCategory(Context ctx) {
        form(ctx, (id, f, actor) -> { commands.categorize(id, f.text("category"), actor); return null; });
    }

    public void formNote(Context ctx) {
        form(ctx, (id, f, actor) -> commands.addNote(id, f.text("body"), actor));
    }

    public void formMerge(Context ctx) {
        form(ctx, (id, f, actor) -> { commands.merge(id, f.text("into"), actor); return null; });
    }

    public void formReply(Context ctx) {
        form(ctx, (id, f, actor) -> commands.reply(id, f.text("to"), f.text("body"), actor));
    }

    public void formForward(Context ctx) {
        form(ctx, (id, f, actor) -> commands.forward(id, f.text("to"), f.text("note"), actor));
    }

    private void api(Context ctx, int status, Change change) {
        String actor = actor(ctx);
        String id = ctx.pathParam("id");
        Fields fields = jsonFields(ctx);
        try {
            Object result = change.apply(id, fields, actor);
            TicketDetail ticket = tickets.find(id).orElseThrow(() -> new NotFoundResponse("No ticket " + id));
            Map<String, Object> document = new LinkedHashMap<>();
            if (result instanceof String messageId) {
                document.put("messageId", messageId);
            } else if (result instanceof Long noteId) {
                document.put("noteId", noteId);
            }
            document.put("ticket", TicketJson.ticket(ticket));
            ctx.status(status).json(document);
        } catch (TicketNotFound e) {
            throw new NotFoundResponse(e.getMessage());
        } catch (TicketChangeRefused e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage(), "rule", e.rule()));
        }
    }

    private void form(Context ctx, Change change) {
        String actor = actor(ctx);
        String id = ctx.pathParam("id");
        try {
            change.apply(id, name -> ctx.formParam(name), actor);
            ctx.redirect("/tickets/" + Format.pathSegment(id), HttpStatus.SEE_OTHER);
        } catch (TicketNotFound e) {
            throw new NotFoundResponse(e.getMessage());
        } catch (TicketChangeRefused e) {
            TicketDetail ticket = tickets.find(id).orElseThrow(() -> new NotFoundResponse("No ticket " + id));
            pages.render(ctx, 400, "ticket.jte", new TicketViewPage(pages.chrome(ctx, ticket.summary().id()), ticket,
                    pages.texts(ctx).refusal(e.rule(), e.getMessage()), null, SimilarityPanel.NONE,
                    tickets.fullHeaders(ticket)));
        }
    }

    private static String actor(Context ctx) {
        return SignedIn.of(ctx).orElseThrow(() -> new ForbiddenResponse("sign in first")).user().name();
    }

    private static Fields jsonFields(Context ctx) {
        String action = ctx.path().substring(ctx.path().lastIndexOf('/') + 1);
        return JsonBody.of(ctx, BODY_EXAMPLES.getOrDefault(action, "{}"), false)::text;
    }
}
