package org.csirtgateway.ui.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before they reach the application (a malformed percent-encoding in the URL, a
 * URL or header block over Jetty's limits) like every other error: JSON {@code {"error": "..."}} with a fixed,
 * readable message and the same protective headers, instead of Jetty's HTML page. Such a request can not be routed,
 * so the answer is the same for pages and API; nothing from the request is echoed.
 */
public final class UnreadableRequests extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** The JSON answer to a request refused with {@code status}. */
    static String body(int status) {
        String error = switch (status) {
            case 400 -> "the request could not be read: check the URL's percent-encoding and the headers";
            case 414 -> "the URL is too long";
            case 431 -> "the request headers are too large";
            case 413 -> "the request body is too large";
            default -> "the request could not be handled (HTTP " + status + ")";
        };
        return "{\"error\":\"" + error + "\"}";
    }
}
