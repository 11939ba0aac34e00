package dev.bridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.webhook.Answers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.bridge.webhook.Answers.assertAnswer;
import static dev.bridge.webhook.Answers.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, metrics and the admin API answer on the management port only; the webhook port serves webhooks. */
class ManagementPortTest extends BridgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer test-admin-token");

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    @Test
    void the_webhook_port_does_not_serve_health_metrics_or_admin() {
        for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/metrics", "/admin/dead-letters")) {
            HttpResponse<String> r = Answers.get(bridge.url(path), ADMIN);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
        }
        HttpResponse<String> replay = Answers.post(bridge.url("/admin/dead-letters/1/replay"), new byte[0], ADMIN);
        assertEquals(404, replay.statusCode(), replay.body());
    }

    @Test
    void the_management_port_serves_health_metrics_and_admin() throws Exception {
        HttpResponse<String> health = Answers.get(bridge.managementUrl("/observe/health"), Map.of());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", JSON.readTree(health.body()).path("status").asText(), health.body());

        HttpResponse<String> metrics = Answers.get(bridge.managementUrl("/observe/metrics"), Map.of());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("bridge_inbox_write_queue"), metrics.body());

        HttpResponse<String> list = Answers.get(bridge.managementUrl("/admin/dead-letters"), ADMIN);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(JSON.readTree(list.body()).isArray(), list.body());
        for (String status : List.of("NEW", "REPLAYED", "DISCARDED", "new")) {
            HttpResponse<String> r = Answers.get(bridge.managementUrl("/admin/dead-letters?status=" + status + "&limit=5"), ADMIN);
            assertEquals(200, r.statusCode(), status + ": " + r.body());
        }
        assertAnswer(Answers.post(bridge.managementUrl("/admin/dead-letters/999999/replay"), new byte[0], ADMIN), 404, "not-found");
        assertAnswer(Answers.post(bridge.managementUrl("/admin/dead-letters/999999/discard"), new byte[0], ADMIN), 404, "not-found");
    }

    @Test
    void the_admin_api_still_needs_its_token() throws Exception {
        assertAnswer(Answers.get(bridge.managementUrl("/admin/dead-letters"), Map.of()), 401, "rejected");
        assertAnswer(Answers.get(bridge.managementUrl("/admin/dead-letters"), Map.of("Authorization", "Bearer wrong")), 401, "rejected");
        assertAnswer(Answers.post(bridge.managementUrl("/admin/dead-letters/1/replay"), new byte[0], Map.of()), 401, "rejected");
        // a token in the query string is no header
        assertAnswer(Answers.get(bridge.managementUrl("/admin/dead-letters?Authorization=Bearer%20test-admin-token"), Map.of()), 401, "rejected");
    }

    @Test
    void bad_admin_parameters_are_a_400_with_a_reason() throws Exception {
        assertReason(assertAnswer(Answers.get(bridge.managementUrl("/admin/dead-letters?status=FOO"), ADMIN), 400, "rejected"),
                "NEW, REPLAYED or DISCARDED");
        assertAnswer(Answers.get(bridge.managementUrl("/admin/dead-letters?status="), ADMIN), 400, "rejected");
        for (String limit : List.of("abc", "0", "-5", "1.5", "99999999999")) {
            JsonNode a = assertAnswer(Answers.get(bridge.managementUrl("/admin/dead-letters?limit=" + limit), ADMIN), 400, "rejected");
            assertReason(a, "limit must be a whole number from 1 to 1000");
        }
        assertReason(assertAnswer(Answers.post(bridge.managementUrl("/admin/dead-letters/abc/replay"), new byte[0], ADMIN), 400, "rejected"),
                "must be a number");
        assertAnswer(Answers.post(bridge.managementUrl("/admin/dead-letters/abc/discard"), new byte[0], ADMIN), 400, "rejected");
    }

    @Test
    void a_down_inbox_is_named_without_database_error_text() throws Exception {
        bridge.awaitInboxDrained();
        Await.until("inbox table renamed away", () -> bridge.execute("ALTER TABLE inbox RENAME TO inbox_gone"));
        HttpResponse<String> r;
        try {
            r = Answers.get(bridge.managementUrl("/observe/health?exposureLevel=full"), Map.of());
        } finally {
            Await.until("inbox table renamed back", () -> bridge.execute("ALTER TABLE inbox_gone RENAME TO inbox"));
        }
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("inbox database does not answer"), r.body());
        for (String leak : List.of("INBOX", "Table", "SQL", "jdbc", "42S02", "not found")) {
            assertFalse(r.body().contains(leak), "health answer quotes database error text (" + leak + "): " + r.body());
        }
        Await.until("healthy again", () -> Answers.get(bridge.managementUrl("/observe/health"), Map.of()).statusCode() == 200);
    }
}
