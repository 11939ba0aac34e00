package dev.bridge.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridge.errors.DeadLetters;
import dev.bridge.inbox.InboxClaims;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Admin API for dead letters, behind {@code Authorization: Bearer $BRIDGE_ADMIN_TOKEN}; without that
 * token configured the API is off and answers 404. It is served on the management port beside health and
 * metrics, never on the webhook port. platform-http routes always bind to the webhook server, so these are
 * plain Vert.x handlers on the management server's router, registered once Camel has started it.
 */
public class AdminRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATUSES = Set.of("NEW", "REPLAYED", "DISCARDED");
    private static final int MAX_LIMIT = 1000;

    @Override
    public void configure() throws Exception {
        getContext().addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                register(context);
            }
        });
    }

    private static void register(CamelContext context) {
        VertxPlatformHttpRouter router = context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                .filter(VertxPlatformHttpRouter::isManagementServer).findFirst().orElse(null);
        if (router == null) {
            LOG.warn("No management server is running (camel.management.enabled): the admin API is not served");
            return;
        }
        router.get("/admin/dead-letters").blockingHandler(ctx -> guarded(context, ctx, () -> list(context, ctx)), false);
        deadLetterAction(context, router, "replay", "replayed");
        deadLetterAction(context, router, "discard", "discarded");
        // events no flow handled when they ran: once a flow for the type exists, they can run after all
        router.post("/admin/ignored/replay").blockingHandler(ctx -> guarded(context, ctx, () -> {
            String type = ctx.request().getParam("type");
            if (type == null || !type.matches("[a-z]{1,16}\\.[A-Za-z0-9_.-]{1,90}")) {
                throw new BadRequest("type must name an event type, such as ghl.NoteCreate or gitlab.note");
            }
            int n = context.getRegistry().lookupByNameAndType("inboxClaims", InboxClaims.class).reopenIgnored(type);
            reply(ctx, 200, Map.of("status", "replayed", "type", type, "events", n));
        }), false);
    }

    /** POST /admin/dead-letters/{id}/{action}: replay puts the event back into the inbox, discard drops it. */
    private static void deadLetterAction(CamelContext context, VertxPlatformHttpRouter router, String action, String done) {
        router.post("/admin/dead-letters/:id/" + action).blockingHandler(ctx -> guarded(context, ctx, () -> {
            long id = id(ctx);
            DeadLetters deadLetters = deadLetters(context);
            DeadLetters.Resolution r = "replay".equals(action) ? deadLetters.replay(id) : deadLetters.discard(id);
            switch (r.outcome()) {
                case DONE -> reply(ctx, 200, Map.of("status", done, "id", id));
                case NOT_OPEN -> reply(ctx, 404, Map.of("status", "not-found", "reason", r.reason()));
                case NOT_NOW -> reply(ctx, 409, Map.of("status", "not-" + done, "id", id, "reason", r.reason()));
            }
        }), false);
    }

    private static void list(CamelContext context, RoutingContext ctx) throws Exception {
        String status = ctx.request().getParam("status", "NEW").toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new BadRequest("status must be NEW, REPLAYED or DISCARDED");
        }
        String rawLimit = ctx.request().getParam("limit", "100");
        int limit;
        try {
            limit = Integer.parseInt(rawLimit.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (limit < 1) {
            throw new BadRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        reply(ctx, 200, deadLetters(context).list(status, Math.min(limit, MAX_LIMIT)));
    }

    private interface Action {
        void run() throws Exception;
    }

    /** A query or path parameter the API cannot use: answered 400 with the reason. */
    private static final class BadRequest extends Exception {
        BadRequest(String reason) {
            super(reason, null, false, false);
        }
    }

    private static void guarded(CamelContext context, RoutingContext ctx, Action action) {
        String token = context.getRegistry().lookupByNameAndType("adminToken", String.class);
        if (token == null || token.isEmpty()) {
            reply(ctx, 404, Map.of("status", "off", "reason", "the admin API is off: set BRIDGE_ADMIN_TOKEN to turn it on"));
            return;
        }
        String given = ctx.request().getHeader("Authorization");
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            reply(ctx, 401, Map.of("status", "rejected", "reason", "Authorization: Bearer <BRIDGE_ADMIN_TOKEN> is required"));
            return;
        }
        try {
            action.run();
        } catch (BadRequest bad) {
            reply(ctx, 400, Map.of("status", "rejected", "reason", bad.getMessage()));
        } catch (Exception e) {
            LOG.warn("Admin request {} {} failed: {}", ctx.request().method(), ctx.normalizedPath(), e.toString());
            reply(ctx, 503, Map.of("status", "error", "reason", "the dead letters cannot be read or changed right now; see the bridge's log"));
        }
    }

    private static DeadLetters deadLetters(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
    }

    private static long id(RoutingContext ctx) throws BadRequest {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new BadRequest("the dead letter id must be a number");
        }
    }

    private static void reply(RoutingContext ctx, int status, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 503;
            json = "{\"status\":\"error\",\"reason\":\"the answer could not be written\"}";
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
