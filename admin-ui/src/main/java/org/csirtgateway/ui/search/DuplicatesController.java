package org.csirtgateway.ui.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.search.SimilarTickets;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.ui.auth.SignedIn;
import org.csirtgateway.ui.web.Format;
import org.csirtgateway.ui.web.JsonBody;

/**
 * Near-duplicates and related tickets over HTTP: the proposals and related tickets of a ticket as JSON, and
 * the analyst's one action "mark as duplicate" from the API and from the ticket page. HTTP only: the work is done by
 * {@link TicketSearchService}.
 */
public final class DuplicatesController {

    private static final int MAX_TICKET_ID_LENGTH = 100;

    private final TicketQueries tickets;
    private final Optional<TicketSearchService> search;

    public DuplicatesController(TicketQueries tickets, Optional<TicketSearchService> search) {
        this.tickets = tickets;
        this.search = search;
    }

    record ProposalJson(String ticket, double score, String state) {
    }

    record SimilarJson(String ticket, String duplicateOf, List<ProposalJson> possibleDuplicates) {
    }

    record RelatedTicketJson(String ticket, Instant lastSeen) {
    }

    record RelatedJson(String type, String value, List<RelatedTicketJson> tickets) {
    }

    /** GET /api/tickets/{id}/similar */
    public void similar(Context ctx) {
        String id = existingTicket(ctx);
        TicketSearchService service = service();
        ctx.json(new SimilarJson(id, service.duplicateOf(id).orElse(null), service.proposals(id).stream()
                .map(p -> new ProposalJson(p.similarTo(), p.score(), p.state())).toList()));
    }

    /** GET /api/tickets/{id}/related */
    public void related(Context ctx) {
        String id = existingTicket(ctx);
        ctx.json(Map.of("ticket", id, "windowDays", service().settings().relatedWindowDays(), "indicators",
                service().related(id).stream().map(r -> new RelatedJson(r.indicator().type(), r.indicator().value(),
                        r.tickets().stream().map(t -> new RelatedTicketJson(t.ticketId(), t.lastSeen())).toList()))
                        .toList()));
    }

    /** POST /api/tickets/{id}/duplicate-of with JSON {"duplicateOf": "CSIRT#..."} */
    public void markViaApi(Context ctx) {
        String id = existingTicket(ctx);
        String target = JsonBody.of(ctx, "{\"duplicateOf\": \"<ticket id>\"}", false).text("duplicateOf");
        mark(ctx, id, target);
        ctx.status(HttpStatus.OK).json(Map.of("ticket", id, "duplicateOf", target, "status", "duplicate"));
    }

    /** POST /tickets/{id}/duplicate-of, form field duplicateOf: the ticket page's button. */
    public void markViaForm(Context ctx) {
        String id = existingTicket(ctx);
        mark(ctx, id, ctx.formParam("duplicateOf"));
        ctx.redirect("/tickets/" + Format.pathSegment(id), HttpStatus.SEE_OTHER);
    }

    private void mark(Context ctx, String id, String target) {
        SignedIn who = SignedIn.of(ctx).orElseThrow(() -> new ForbiddenResponse("Sign in first"));
        if (target == null || target.isBlank() || "null".equals(target) || target.length() > MAX_TICKET_ID_LENGTH) {
            throw new BadRequestResponse("Invalid duplicateOf: give the id of the ticket this one duplicates");
        }
        if (target.equals(id)) {
            throw new BadRequestResponse("Invalid duplicateOf: a ticket cannot be a duplicate of itself");
        }
        if (!service().markDuplicate(id, target.strip(), who.user().name())) {
            throw new NotFoundResponse("No ticket " + target.strip());
        }
    }

    private String existingTicket(Context ctx) {
        String id = ctx.pathParam("id");
        if (tickets.find(id).isEmpty()) {
            throw new NotFoundResponse("No ticket " + id);
        }
        return id;
    }

    private TicketSearchService service() {
        return search.orElseThrow(() -> new NotFoundResponse("Duplicate detection is not enabled on this server"));
    }
}
