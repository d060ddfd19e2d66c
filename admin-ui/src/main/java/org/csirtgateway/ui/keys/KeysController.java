package org.csirtgateway.ui.keys;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;

import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.csirtgateway.crypto.ReporterKeys;
import org.csirtgateway.crypto.TeamKeys;
import org.csirtgateway.ui.auth.SignedIn;
import org.csirtgateway.ui.web.Pages;

/** The keys page: HTTP only; the keys themselves are {@link TeamKeys} and {@link ReporterKeys}. */
public final class KeysController {

    private final TeamKeys team;
    private final ReporterKeys reporters;
    private final Pages pages;
    private final Clock clock;

    public KeysController(TeamKeys team, ReporterKeys reporters, Pages pages, Clock clock) {
        this.team = team;
        this.reporters = reporters;
        this.pages = pages;
        this.clock = clock;
    }

    /** GET /keys */
    public void show(Context ctx) {
        render(ctx, 200, null, null);
    }

    /** GET /keys/team.asc: the team's public keys, armored, to publish or hand to a reporter. */
    public void exportTeamKeys(Context ctx) {
        ctx.contentType("application/pgp-keys").header("Content-Disposition", "attachment; filename=\"team.asc\"")
                .result(team.armoredPublicKeys());
    }

    /** POST /keys/import (form field "key": an armored public key). */
    public void importKey(Context ctx) {
        String who = userName(ctx);
        String armored = ctx.formParam("key");
        if (armored == null || armored.isBlank()) {
            render(ctx, 400, null, pages.texts(ctx).t("keys.import.empty"));
            return;
        }
        try {
            List<String> imported = reporters.importKeys(armored.getBytes(StandardCharsets.UTF_8),
                    ReporterKeys.IMPORTED, null, clock.instant());
            render(ctx, 200, pages.texts(ctx).t("keys.import.done", who, String.join(", ", imported)), null);
        } catch (TeamKeys.KeyException e) {
            render(ctx, 400, null, pages.texts(ctx).t("keys.import.failed", e.getMessage()));
        }
    }

    /** POST /keys/{fingerprint}/trust (form field "trusted": true or false). */
    public void setTrust(Context ctx) {
        String who = userName(ctx);
        String fingerprint = ctx.pathParam("fingerprint");
        boolean trusted = "true".equals(ctx.formParam("trusted"));
        if (!fingerprint.matches("[0-9A-Fa-f]{32,64}")) {
            render(ctx, 400, null, pages.texts(ctx).t("keys.trust.notFingerprint"));
            return;
        }
        if (!reporters.setTrusted(fingerprint, trusted, who, clock.instant())) {
            render(ctx, 404, null, pages.texts(ctx).t("keys.trust.unknown", fingerprint));
            return;
        }
        StringBuilder notice = new StringBuilder(pages.texts(ctx).t(trusted ? "keys.trust.done"
                : "keys.trust.withdrawn", fingerprint));
        if (trusted) {
            // Trusting one of two keys for an address decides where replies go: the analyst is told so.
            for (ReporterKeys.KeyRow row : reporters.list()) {
                if (row.fingerprint().equalsIgnoreCase(fingerprint)) {
                    row.conflictsFor().forEach(address -> notice.append(' ')
                            .append(pages.texts(ctx).t("keys.trust.conflict", address)));
                }
            }
        }
        render(ctx, 200, notice.toString(), null);
    }

    private static String userName(Context ctx) {
        return SignedIn.of(ctx).orElseThrow(() -> new ForbiddenResponse("Sign in first")).user().name();
    }

    private void render(Context ctx, int status, String notice, String error) {
        List<KeysPage.TeamKey> teamKeys = new ArrayList<>();
        boolean first = true;
        for (OpenPGPCertificate certificate : team.certificates()) {
            teamKeys.add(new KeysPage.TeamKey(certificate.getPrettyFingerprint(), certificate.getAllUserIds()
                    .stream().map(OpenPGPCertificate.OpenPGPUserId::getUserId).toList(), first));
            first = false;
        }
        pages.render(ctx, status, "keys.jte", new KeysPage(pages.titled(ctx, "keys.title"), teamKeys,
                reporters.list(), notice, error));
    }
}
