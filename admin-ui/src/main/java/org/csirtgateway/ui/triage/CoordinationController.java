package org.csirtgateway.ui.triage;

import java.util.Optional;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.triage.CoordinationService;
import org.csirtgateway.triage.TriageView;
import org.csirtgateway.ui.auth.SignedIn;
import org.csirtgateway.ui.web.Format;
import org.csirtgateway.ui.web.JsonBody;

/**
 * Forwarding a report to the partner team responsible: the Triage box's Forward button and
 * {@code POST /api/tickets/{id}/coordinate}. Analysts and admins only (declared in the route table); the access
 * filter enforces that and the CSRF token.
 */
public final class CoordinationController {

    private final Optional<CoordinationService> coordination;

    public CoordinationController(Optional<CoordinationService> coordination) {
        this.coordination = coordination;
    }

    /** POST /api/tickets/{id}/coordinate with an optional JSON body {"partner": "name"}. */
    public void apiCoordinate(Context ctx) {
        String partner = JsonBody.of(ctx, "{\"partner\": \"name\"}", true).text("partner");
        TriageView.Forward forward = forward(ctx, partner);
        ctx.status(HttpStatus.ACCEPTED).json(forward);
    }

    /** POST /tickets/{id}/coordinate (form: csrf, partner). */
    public void formCoordinate(Context ctx) {
        forward(ctx, ctx.formParam("partner"));
        ctx.redirect("/tickets/" + Format.pathSegment(ctx.pathParam("id")) + "#triage", HttpStatus.SEE_OTHER);
    }

    private TriageView.Forward forward(Context ctx, String partner) {
        SignedIn who = SignedIn.of(ctx).orElseThrow(() -> new ForbiddenResponse("Sign in first"));
        CoordinationService service = coordination.orElseThrow(() -> new NotFoundResponse(
                "Triage is not set up on this server"));
        try {
            return service.coordinate(ctx.pathParam("id"), partner, who.user().name());
        } catch (CoordinationService.CoordinationException e) {
            if (e.notFound()) {
                throw new NotFoundResponse(e.getMessage());
            }
            throw new BadRequestResponse(e.getMessage());
        }
    }
}
