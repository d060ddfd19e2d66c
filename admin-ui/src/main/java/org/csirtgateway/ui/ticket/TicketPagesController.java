package org.csirtgateway.ui.ticket;

import java.util.List;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.ui.web.Pages;
import org.csirtgateway.ui.web.Paging;

/** The ticket pages of the UI. */
public final class TicketPagesController {

    private final TicketQueries tickets;
    private final Pages pages;
    private final Optional<CoordinationService> triage;

    public TicketPagesController(TicketQueries tickets, Pages pages) {
        this(tickets, pages, Optional.empty());
    }

    /** With each ticket's triage box (issue 9). */
    public TicketPagesController(TicketQueries tickets, Pages pages, Optional<CoordinationService> triage) {
        this.tickets = tickets;
        this.pages = pages;
        this.triage = triage;
    }

    /** GET /tickets?q=&limit=&offset= */
    public void list(Context ctx) {
        String query = TicketSearch.query(ctx);
        Paging paging = Paging.of(ctx);
        String title = query.isEmpty() ? "Tickets" : "Search: " + query;
        try {
            TicketPage page = TicketSearch.run(tickets, query, paging);
            pages.render(ctx, 200, "tickets.jte",
                    new TicketListPage(pages.chrome(ctx, title), query, page.tickets(), page.total(), paging, null));
        } catch (InvalidQueryException e) {
            pages.render(ctx, 400, "tickets.jte", new TicketListPage(pages.chrome(ctx, title), query, List.of(), 0,
                    paging, TicketSearch.message(e)));
        }
    }

    /** GET /tickets/{id} */
    public void show(Context ctx) {
        String id = ctx.pathParam("id");
        TicketDetail ticket = tickets.find(id).orElseThrow(() -> new NotFoundResponse("No ticket " + id));
        pages.render(ctx, 200, "ticket.jte", new TicketViewPage(pages.chrome(ctx, ticket.summary().id()), ticket,
                TicketActionsController.mayChange(ctx), null, triage.flatMap(t -> t.triage(id)).orElse(null)));
    }
}
