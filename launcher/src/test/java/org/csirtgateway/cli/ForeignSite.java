package org.csirtgateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A web site on another origin than the admin UI, on loopback: it serves the pages it is given and records every
 * request it gets. As a canary, hostile reports point their images, styles, forms and redirects at it, and it must
 * never be asked for anything; as an attacker's site, it serves a page that forges a request to the admin UI.
 */
final class ForeignSite implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private ForeignSite(HttpServer server) {
        this.server = server;
    }

    /** Starts a site on 127.0.0.1 and a free port. */
    static ForeignSite start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ForeignSite site = new ForeignSite(server);
            server.createContext("/", site::handle);
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. {@code http://127.0.0.1:40123}, without a trailing slash. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The same site under the name localhost: another site than 127.0.0.1 as far as cookies are concerned. */
    String originNamedLocalhost() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Serves {@code html} at {@code path} (no Content-Security-Policy: this site runs its own script). */
    void page(String path, String html) {
        pages.put(path, html);
    }

    /** "METHOD /path?query" of every request received so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getRequestBody().readAllBytes();
            String page = pages.get(exchange.getRequestURI().getPath());
            byte[] body = (page == null ? "canary" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", page == null ? "text/plain" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
