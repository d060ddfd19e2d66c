package org.csirtgateway.ui.users;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import org.csirtgateway.ui.auth.AccountAudit;
import org.csirtgateway.ui.auth.AccountChangeRefused;
import org.csirtgateway.ui.auth.AccountNotFound;
import org.csirtgateway.ui.auth.Actor;
import org.csirtgateway.ui.auth.Role;
import org.csirtgateway.ui.auth.SignedIn;
import org.csirtgateway.ui.auth.UserAccounts;
import org.csirtgateway.ui.auth.UserAdministration;
import org.csirtgateway.ui.auth.UserAdministration.NewPassword;
import org.csirtgateway.ui.auth.UserAdministration.TokenSummary;
import org.csirtgateway.ui.auth.UserAdministration.UserSummary;
import org.csirtgateway.ui.web.Json;
import org.csirtgateway.ui.web.LocalizedResponse;
import org.csirtgateway.ui.web.Pages;
import org.csirtgateway.ui.web.Paging;

/**
 * The users page ({@code /users}, {@code /users/{id}}), the account audit log ({@code /audit}) and their JSON API
 * ({@code /api/users...}, {@code /api/audit}). HTTP only: the rules live in {@link UserAdministration}; only admins
 * reach these handlers (declared in the route table, enforced by the access filter).
 *
 * <p>A generated password or a new API token is shown once, in the response to the request that made it (never in
 * a redirect URL, which would end up in browser history and proxy logs); every response carries no-store.
 */
public final class UsersController {

    private final UserAdministration administration;
    private final Pages pages;
    private final ObjectMapper json = Json.newMapper();

    public UsersController(UserAdministration administration, Pages pages) {
        this.administration = administration;
        this.pages = pages;
    }

    // Pages

    /** GET /users */
    public void page(Context ctx) {
        showUsers(ctx, 200, null, "", Role.ANALYST);
    }

    /** POST /users (form: name, role, password; an empty password is generated) */
    public void addFromForm(Context ctx) {
        String name = text(ctx.formParam("name"));
        String roleName = ctx.formParam("role");
        NewPassword added;
        try {
            added = administration.addUser(actor(ctx), name, role(roleName),
                    text(ctx.formParam("password")).toCharArray());
        } catch (IllegalArgumentException e) {
            Role chosen = Arrays.stream(Role.values()).filter(r -> r.dbName().equals(roleName)).findFirst()
                    .orElse(Role.ANALYST);
            showUsers(ctx, 400, refusal(ctx, e), name, chosen);
            return;
        }
        if (added.generated() != null) {
            showUser(ctx, 201, added.user(), Done.ADDED.wireName(), null, added.generated(), null);
        } else {
            redirect(ctx, added.user(), Done.ADDED);
        }
    }

    /** GET /users/{id}?done= */
    public void userPage(Context ctx) {
        UserSummary user = user(ctx);
        showUser(ctx, 200, user, Done.parse(ctx.queryParam("done")).orElse(null), null, null, null);
    }

    /** POST /users/{id}/role (form: role) */
    public void roleFromForm(Context ctx) {
        formChange(ctx, id -> administration.changeRole(actor(ctx), id, role(ctx.formParam("role"))),
                Done.ROLE_CHANGED);
    }

    /** POST /users/{id}/disable */
    public void disableFromForm(Context ctx) {
        formChange(ctx, id -> administration.disable(actor(ctx), id), Done.DISABLED);
    }

    /** POST /users/{id}/enable */
    public void enableFromForm(Context ctx) {
        formChange(ctx, id -> administration.enable(actor(ctx), id), Done.ENABLED);
    }

    /** POST /users/{id}/password (form: password; empty to generate one) */
    public void passwordFromForm(Context ctx) {
        long id = id(ctx);
        NewPassword reset;
        try {
            reset = administration.resetPassword(actor(ctx), id, text(ctx.formParam("password")).toCharArray());
        } catch (AccountNotFound e) {
            throw notFound(id, null);
        } catch (IllegalArgumentException e) {
            showUser(ctx, 400, existing(id), null, refusal(ctx, e), null, null);
            return;
        }
        if (reset.generated() != null) {
            showUser(ctx, 200, reset.user(), null, null, reset.generated(), null);
        } else {
            redirect(ctx, reset.user(), Done.PASSWORD_SET);
        }
    }

    /** POST /users/{id}/tokens (form: label) */
    public void tokenFromForm(Context ctx) {
        long id = id(ctx);
        UserAccounts.NewToken token;
        try {
            token = administration.createToken(actor(ctx), id, ctx.formParam("label"));
        } catch (AccountNotFound e) {
            throw notFound(id, null);
        } catch (IllegalArgumentException e) {
            showUser(ctx, 400, existing(id), null, refusal(ctx, e), null, null);
            return;
        }
        showUser(ctx, 201, existing(id), null, null, null, token);
    }

    /** POST /users/{id}/tokens/{token}/revoke */
    public void revokeFromForm(Context ctx) {
        long token = tokenId(ctx);
        formChange(ctx, id -> {
            administration.revokeToken(actor(ctx), id, token);
            return existing(id);
        }, token, Done.TOKEN_REVOKED);
    }

    /** GET /audit?limit=&offset= */
    public void auditPage(Context ctx) {
        Paging paging = Paging.of(ctx);
        AccountAudit audit = administration.audit();
        pages.render(ctx, 200, "audit.jte", new AuditPage(pages.titled(ctx, "audit.title"),
                audit.recent(paging.limit(), paging.offset()), audit.count(), paging));
    }

    // JSON API

    /** GET /api/users */
    public void list(Context ctx) {
        ctx.json(Map.of("users", administration.users().stream().map(UsersController::userJson).toList()));
    }

    /** POST /api/users {"name": "...", "role": "analyst", "password": "..." (optional: generated when absent)} */
    public void add(Context ctx) {
        JsonNode body = body(ctx);
        api(ctx, () -> {
            NewPassword added = administration.addUser(actor(ctx), field(body, "name"),
                    role(field(body, "role")), text(field(body, "password")).toCharArray());
            ctx.status(HttpStatus.CREATED).json(withPassword(added));
        });
    }

    /** GET /api/users/{id} */
    public void show(Context ctx) {
        UserSummary user = user(ctx);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("user", userJson(user));
        document.put("tokens", administration.tokens(user.id()).stream().map(UsersController::tokenJson).toList());
        ctx.json(document);
    }

    /** POST /api/users/{id}/role {"role": "read-only"} */
    public void changeRole(Context ctx) {
        long id = id(ctx);
        JsonNode body = body(ctx);
        api(ctx, () -> ctx.json(Map.of("user", userJson(
                administration.changeRole(actor(ctx), id, role(field(body, "role")))))));
    }

    /** POST /api/users/{id}/disable */
    public void disable(Context ctx) {
        long id = id(ctx);
        api(ctx, () -> ctx.json(Map.of("user", userJson(administration.disable(actor(ctx), id)))));
    }

    /** POST /api/users/{id}/enable */
    public void enable(Context ctx) {
        long id = id(ctx);
        api(ctx, () -> ctx.json(Map.of("user", userJson(administration.enable(actor(ctx), id)))));
    }

    /** POST /api/users/{id}/password {"password": "..."} (optional: generated when absent) */
    public void resetPassword(Context ctx) {
        long id = id(ctx);
        JsonNode body = optionalBody(ctx);
        api(ctx, () -> ctx.json(withPassword(administration.resetPassword(actor(ctx), id,
                text(field(body, "password")).toCharArray()))));
    }

    /** POST /api/users/{id}/tokens {"label": "siem"} */
    public void createToken(Context ctx) {
        long id = id(ctx);
        JsonNode body = optionalBody(ctx);
        api(ctx, () -> {
            UserAccounts.NewToken token = administration.createToken(actor(ctx), id, field(body, "label"));
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("id", token.id());
            document.put("label", token.label());
            document.put("token", token.token());
            ctx.status(HttpStatus.CREATED).json(document);
        });
    }

    /** POST /api/users/{id}/tokens/{token}/revoke */
    public void revokeToken(Context ctx) {
        long id = id(ctx);
        long token = tokenId(ctx);
        api(ctx, id, token, () -> {
            administration.revokeToken(actor(ctx), id, token);
            ctx.json(Map.of("revoked", token));
        });
    }

    /** GET /api/audit?limit=&offset= */
    public void auditLog(Context ctx) {
        Paging paging = Paging.of(ctx);
        AccountAudit audit = administration.audit();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("total", audit.count());
        document.put("limit", paging.limit());
        document.put("offset", paging.offset());
        document.put("events", audit.recent(paging.limit(), paging.offset()));
        ctx.json(document);
    }

    // Helpers

    @FunctionalInterface
    private interface FormChange {
        UserSummary apply(long userId);
    }

    /** A change from the user page: back to the page saying what it did, or the page with the refusal. */
    private void formChange(Context ctx, FormChange change, Done done) {
        formChange(ctx, change, null, done);
    }

    /** @param token the API token the change is about, or null */
    private void formChange(Context ctx, FormChange change, Long token, Done done) {
        long id = id(ctx);
        try {
            redirect(ctx, change.apply(id), done);
        } catch (AccountNotFound e) {
            throw notFound(id, token);
        } catch (IllegalArgumentException e) {
            showUser(ctx, 400, existing(id), null, refusal(ctx, e), null, null);
        }
    }

    /** Why a change was refused, in the reader's language. */
    private String refusal(Context ctx, IllegalArgumentException e) {
        if (e instanceof AccountChangeRefused refused) {
            return pages.texts(ctx).refusal(refused.rule(), refused.getMessage(), refused.args().toArray());
        }
        return e.getMessage();
    }

    /** An API change: refusals as 400 JSON naming the rule, unknown users as 404. */
    private void api(Context ctx, Runnable change) {
        api(ctx, null, null, change);
    }

    /**
     * An API change about user {@code id} (and API token {@code token}): refusals as 400 JSON naming the rule,
     * unknown users and tokens as 404.
     */
    private void api(Context ctx, Long id, Long token, Runnable change) {
        try {
            change.run();
        } catch (AccountNotFound e) {
            throw id == null ? new NotFoundResponse(e.getMessage()) : notFound(id, token);
        } catch (AccountChangeRefused e) {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("error", e.getMessage());
            refusal.put("rule", e.rule());
            ctx.status(HttpStatus.BAD_REQUEST).json(refusal);
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage()));
        }
    }

    /** 404 for user {@code id}, or for its API token {@code token} when the user exists: "No user 12". */
    private LocalizedResponse notFound(long id, Long token) {
        if (token != null) {
            Optional<UserSummary> user = administration.user(id);
            if (user.isPresent()) {
                return new LocalizedResponse(404, "users.noToken", user.get().name(), String.valueOf(token));
            }
        }
        return new LocalizedResponse(404, "users.noUser", String.valueOf(id));
    }

    private void showUsers(Context ctx, int status, String error, String name, Role role) {
        pages.render(ctx, status, "users.jte", new UsersPage(pages.titled(ctx, "users.title"), administration.users(),
                error, name, role));
    }

    private void showUser(Context ctx, int status, UserSummary user, String done, String error, String password,
                          UserAccounts.NewToken token) {
        List<TokenSummary> tokens = administration.tokens(user.id());
        pages.render(ctx, status, "user.jte", new UserPage(pages.titled(ctx, "user.title", user.name()), user, tokens,
                done, error, password, token));
    }

    private static void redirect(Context ctx, UserSummary user, Done done) {
        ctx.redirect("/users/" + user.id() + "?done=" + done.wireName(), HttpStatus.SEE_OTHER);
    }

    private UserSummary user(Context ctx) {
        return existing(id(ctx));
    }

    private UserSummary existing(long id) {
        return administration.user(id).orElseThrow(() -> notFound(id, null));
    }

    private static long id(Context ctx) {
        return number(ctx.pathParam("id"), "users.noUser");
    }

    private static long tokenId(Context ctx) {
        return number(ctx.pathParam("token"), "users.noTokenId");
    }

    /** A path's id, or 404 with the message {@code notFoundKey} naming what was asked for (cut to 40 characters). */
    private static long number(String text, String notFoundKey) {
        if (!text.matches("[0-9]{1,18}")) {
            throw new LocalizedResponse(404, notFoundKey, text.length() > 40 ? text.substring(0, 40) : text);
        }
        return Long.parseLong(text);
    }

    private static Actor actor(Context ctx) {
        return Actor.of(SignedIn.of(ctx).orElseThrow(() -> new LocalizedResponse(403, "error.signInFirst")).user(),
                ctx.ip());
    }

    /** @throws AccountChangeRefused naming the roles when missing or unknown */
    private static Role role(String name) {
        return UserAdministration.role(name);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("the request body must be a JSON object");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestResponse("the request body must be a JSON object");
        }
        return body;
    }

    /** A JSON object, or an empty one when the body is empty. */
    private JsonNode optionalBody(Context ctx) {
        return ctx.body().isBlank() ? json.createObjectNode() : body(ctx);
    }

    private static String field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestResponse("'" + name + "' must be a string");
        }
        return value.asText();
    }

    /** The user, and the generated password when there is one (shown this once). */
    private static Map<String, Object> withPassword(NewPassword result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("user", userJson(result.user()));
        if (result.generated() != null) {
            document.put("password", result.generated());
        }
        return document;
    }

    private static Map<String, Object> userJson(UserSummary user) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", user.id());
        row.put("name", user.name());
        row.put("role", user.role().dbName());
        row.put("createdAt", user.createdAt());
        row.put("lastSignInAt", user.lastSignInAt());
        row.put("disabled", user.disabled());
        row.put("disabledAt", user.disabledAt());
        row.put("tokens", user.tokens());
        return row;
    }

    private static Map<String, Object> tokenJson(TokenSummary token) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", token.id());
        row.put("label", token.label());
        row.put("createdAt", token.createdAt());
        row.put("lastUsedAt", token.lastUsedAt());
        return row;
    }
}
