package org.csirtgateway.ui.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/**
 * The JSON object an API request sends, read so that every way of getting it wrong is a 400 that says what was
 * expected (never a 500 from a parser exception): not JSON, not an object, or a field that is not a string.
 */
public final class JsonBody {

    private static final ObjectMapper JSON = Json.newMapper();

    private final JsonNode body;

    private JsonBody(JsonNode body) {
        this.body = body;
    }

    /**
     * The request's body as a JSON object.
     *
     * @param example what a valid body looks like, for the error message, e.g. {@code {"status": "triaged"}}
     * @param optional whether an empty body is allowed (it then reads as an empty object)
     */
    public static JsonBody of(Context ctx, String example, boolean optional) {
        String text = ctx.body();
        if (optional && text.isBlank()) {
            return new JsonBody(JSON.createObjectNode());
        }
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestResponse("The request body must be a JSON object such as " + example);
        }
        return new JsonBody(body);
    }

    /** The string field {@code name}, or null when it is absent or null; 400 when it is anything but a string. */
    public String text(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestResponse("'" + name + "' must be a string");
        }
        return value.asText();
    }
}
