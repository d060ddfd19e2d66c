package org.csirtgateway.ui.ticket;

import java.util.List;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.index.InvalidQueryException;
import org.csirtgateway.search.TicketSearchService;
import org.csirtgateway.ticket.TicketDetail;
import org.csirtgateway.ticket.TicketPage;
import org.csirtgateway.ticket.TicketQueries;
import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.ui.web.Chrome;
import org.csirtgateway.ui.web.LocalizedResponse;
import org.csirtgateway.ui.web.Pages;
import org.csirtgateway.ui.web.Paging;

/** The ticket pages of the UI. */
public final class TicketPagesController {

    private final TicketQueries tickets;
    private final Pages pages;
    private final Optional<CoordinationService> triage;

    private final java.util.Optional<TicketSearchService> search;

    public TicketPagesController(TicketQueries tickets, Pages pages) {
        this(tickets, pages, Optional.empty(), Optional.empty());
    }

    /** With each ticket's triage box and its duplicate proposals and related tickets. */
    public TicketPagesController(TicketQueries tickets, Pages pages, Optional<CoordinationService> triage,
                                 Optional<TicketSearchService> search) {
        this.tickets = tickets;
        this.pages = pages;
        this.triage = triage;
        this.search = search;
    }

    /** GET /tickets?q=&limit=&offset= */
    public void list(Context ctx) {
        String query = TicketSearch.query(ctx);
        SearchForm filters = TicketSearch.filters(ctx);
        Paging paging = Paging.of(ctx);
        Chrome chrome = query.isEmpty() ? pages.titled(ctx, "tickets.title")
                : pages.titled(ctx, "tickets.title.search", query);
        try {
            TicketPage page = TicketSearch.run(tickets, TicketSearch.request(query, filters, paging, pages.zone()));
            pages.render(ctx, 200, "tickets.jte", new TicketListPage(chrome, query, page.tickets(),
                    page.total(), paging, null, filters));
        } catch (InvalidQueryException e) {
            pages.render(ctx, 400, "tickets.jte", new TicketListPage(chrome, query, List.of(), 0,
                    paging, pages.texts(ctx).t("search.invalid.query", TicketSearch.detail(e)), filters));
        } catch (LocalizedResponse e) {
            pages.render(ctx, 400, "tickets.jte", new TicketListPage(chrome, query, List.of(), 0,
                    paging, e.text(pages.texts(ctx)), filters));
        } catch (io.javalin.http.BadRequestResponse e) {
            pages.render(ctx, 400, "tickets.jte", new TicketListPage(chrome, query, List.of(), 0,
                    paging, e.getMessage(), filters));
        }
    }

    /** GET /tickets/{id} */
    public void show(Context ctx) {
        String id = ctx.pathParam("id");
        TicketDetail ticket = tickets.find(id).orElseThrow(() -> new LocalizedResponse(404, "error.noTicket", id));
        SimilarityPanel similarity = search.map(s -> SimilarityPanel.of(s, ticket.summary().id()))
                .orElse(SimilarityPanel.NONE);
        pages.render(ctx, 200, "ticket.jte", new TicketViewPage(pages.chrome(ctx, ticket.summary().id()), ticket,
                null, triage.flatMap(t -> t.triage(id)).orElse(null), similarity, tickets.fullHeaders(ticket)));
    }
}
