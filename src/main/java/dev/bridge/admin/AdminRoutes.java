package dev.bridge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridge.errors.DeadLetters;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Admin API for dead letters, behind {@code Authorization: Bearer $BRIDGE_ADMIN_TOKEN}; without that
 * token configured the API is off and answers 404.
 */
public class AdminRoutes extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure() {
        from("platform-http:/admin/dead-letters?httpMethodRestrict=GET").routeId("admin-dead-letters-list")
                .process(e -> guarded(e, () -> {
                    String status = e.getMessage().getHeader("status", "NEW", String.class).toUpperCase();
                    int limit = e.getMessage().getHeader("limit", 100, Integer.class);
                    return reply(e, 200, deadLetters(e).list(status, Math.min(limit, 1000)));
                }));
        from("platform-http:/admin/dead-letters/{id}/replay?httpMethodRestrict=POST").routeId("admin-dead-letters-replay")
                .process(e -> guarded(e, () -> deadLetters(e).replay(id(e))
                        ? reply(e, 200, Map.of("status", "replayed", "id", id(e)))
                        : reply(e, 404, Map.of("status", "not-found", "reason", "no open dead letter " + e.getMessage().getHeader("id")))));
        from("platform-http:/admin/dead-letters/{id}/discard?httpMethodRestrict=POST").routeId("admin-dead-letters-discard")
                .process(e -> guarded(e, () -> deadLetters(e).discard(id(e))
                        ? reply(e, 200, Map.of("status", "discarded", "id", id(e)))
                        : reply(e, 404, Map.of("status", "not-found", "reason", "no open dead letter " + e.getMessage().getHeader("id")))));
    }

    private interface Action {
        Object run() throws Exception;
    }

    private static void guarded(Exchange e, Action action) throws Exception {
        String token = e.getContext().getRegistry().lookupByNameAndType("adminToken", String.class);
        if (token == null || token.isEmpty()) {
            reply(e, 404, Map.of("status", "off", "reason", "the admin API is off: set BRIDGE_ADMIN_TOKEN to turn it on"));
            return;
        }
        String given = e.getMessage().getHeader("Authorization", "", String.class);
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            reply(e, 401, Map.of("status", "rejected", "reason", "Authorization: Bearer <BRIDGE_ADMIN_TOKEN> is required"));
            return;
        }
        try {
            action.run();
        } catch (NumberFormatException bad) {
            reply(e, 400, Map.of("status", "rejected", "reason", "the dead letter id must be a number"));
        }
    }

    private static DeadLetters deadLetters(Exchange e) {
        return e.getContext().getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
    }

    private static long id(Exchange e) {
        return Long.parseLong(e.getMessage().getHeader("id", String.class));
    }

    private static Object reply(Exchange e, int status, Object body) throws Exception {
        e.getMessage().getHeaders().clear();
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(JSON.writeValueAsString(body));
        return null;
    }
}
