package org.csirtgateway.ui.ticket;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.ui.web.Paging;

/** The ticket endpoints of the JSON API. */
public final class TicketApiController {

    private final TicketQueries tickets;
    private final Optional<CoordinationService> triage;
    private final ZoneId zone;

    public TicketApiController(TicketQueries tickets) {
        this(tickets, Optional.empty());
    }

    /** With each ticket's triage; dates in filters are UTC days. */
    public TicketApiController(TicketQueries tickets, Optional<CoordinationService> triage) {
        this(tickets, triage, ZoneOffset.UTC);
    }

    /** @param zone the team's time zone: the {@code from} and {@code to} filters are days in it */
    public TicketApiController(TicketQueries tickets, Optional<CoordinationService> triage, ZoneId zone) {
        this.tickets = tickets;
        this.triage = triage;
        this.zone = zone;
    }

    /** GET /api/tickets?q=&status=&category=&channel=&from=&to=&indicator=&sort=&limit=&offset= */
    public void list(Context ctx) {
        String query = TicketSearch.query(ctx);
        Paging paging = Paging.of(ctx);
        TicketPage page;
        try {
            page = TicketSearch.run(tickets, TicketSearch.request(query, TicketSearch.filters(ctx), paging, zone));
        } catch (InvalidQueryException e) {
            throw new BadRequestResponse(TicketSearch.message(e));
        }
        ctx.json(TicketJson.list(page, paging.limit(), paging.offset()));
    }

    /** GET /api/tickets/{id} */
    public void show(Context ctx) {
        String id = ctx.pathParam("id");
        TicketDetail ticket = tickets.find(id).orElseThrow(() -> new NotFoundResponse("No ticket " + id));
        ctx.json(TicketJson.ticket(ticket, triage.flatMap(t -> t.triage(id)).orElse(null),
                tickets.fullHeaders(ticket)));
    }
}
