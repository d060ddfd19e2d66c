package org.csirtgateway.ui.health;

import io.javalin.http.Context;

import org.csirtgateway.health.HealthSource;

/** GET /api/health: the gateway's state for monitoring; public, and carries no report content or secrets. */
public final class HealthController {

    private final HealthSource health;

    public HealthController(HealthSource health) {
        this.health = health;
    }

    public void report(Context ctx) {
        ctx.json(health.report());
    }
}
