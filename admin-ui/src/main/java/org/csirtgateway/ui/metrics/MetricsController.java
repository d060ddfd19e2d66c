package org.csirtgateway.ui.metrics;

import java.util.function.Supplier;

import io.javalin.http.Context;

/**
 * GET /api/metrics (and /metrics for a signed-in browser): the Prometheus text format. Authenticated like every
 * other route; Prometheus scrapes /api/metrics with an API token ({@code authorization: {credentials: ...}}),
 * since bearer tokens are accepted on /api paths only.
 */
public final class MetricsController {

    private final Supplier<String> metrics;

    public MetricsController(Supplier<String> metrics) {
        this.metrics = metrics;
    }

    public void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get());
    }
}
