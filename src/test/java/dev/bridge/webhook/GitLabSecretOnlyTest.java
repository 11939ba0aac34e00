package dev.bridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.TestKeys;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static dev.bridge.webhook.Answers.assertAnswer;
import static dev.bridge.webhook.Answers.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A bridge with only GITLAB_WEBHOOK_SECRET (GitLab before 19, or no signing token generated): the X-Gitlab-Token
 * header authenticates, and deliveries without webhook-id are deduplicated on the older headers.
 */
class GitLabSecretOnlyTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> p.remove("gitlab.webhook-signing-token"));
    }

    @AfterEach
    void drained() throws Exception {
        bridge.awaitInboxDrained();
    }

    @Test
    void secret_token_alone_is_accepted() throws Exception {
        String key = UUID.randomUUID().toString();
        assertAnswer(post("", pushHook(), headers("Push Hook", TestKeys.GITLAB_SECRET, key)), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ? AND event_type = 'gitlab.push'", key));
    }

    @Test
    void wrong_or_missing_token_is_refused() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = pushHook();

        JsonNode a = assertAnswer(post("", body, headers("Push Hook", TestKeys.GITLAB_SECRET + "x", key)), 401, "rejected");
        assertReason(a, "X-Gitlab-Token does not match");
        assertAnswer(post("", body, headers("Push Hook", "test-gitlab-secreT", key)), 401, "rejected");
        JsonNode b = assertAnswer(post("", body, headers("Push Hook", null, key)), 401, "rejected");
        assertReason(b, "no X-Gitlab-Token header");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", key));
    }

    @Test
    void secret_token_in_the_query_string_is_no_header() throws Exception {
        String key = UUID.randomUUID().toString();
        String query = "?X-Gitlab-Token=" + URLEncoder.encode(TestKeys.GITLAB_SECRET, StandardCharsets.UTF_8)
                + "&x-gitlab-token=" + URLEncoder.encode(TestKeys.GITLAB_SECRET, StandardCharsets.UTF_8);

        JsonNode a = assertAnswer(post(query, pushHook(), headers("Push Hook", null, key)), 401, "rejected");
        assertReason(a, "no X-Gitlab-Token header");
        // a wrong header is not rescued by a right query parameter either
        assertAnswer(post(query, pushHook(), headers("Push Hook", "wrong", key)), 401, "rejected");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", key));
    }

    @Test
    void without_webhook_id_is_deduplicated_on_idempotency_key() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = pushHook();

        assertAnswer(post("", body, headers("Push Hook", TestKeys.GITLAB_SECRET, key)), 200, "accepted");
        assertAnswer(post("", body, headers("Push Hook", TestKeys.GITLAB_SECRET, key)), 200, "duplicate");

        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ?", key));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND id IN (SELECT id FROM inbox_payload WHERE payload = ?)", body));
    }

    @Test
    void without_webhook_id_or_idempotency_key_is_deduplicated_on_event_uuid() throws Exception {
        String eventUuid = UUID.randomUUID().toString();
        String body = pushHook();
        Map<String, String> h = headers("Push Hook", TestKeys.GITLAB_SECRET, null);
        h.put("X-Gitlab-Event-UUID", eventUuid);
        h.put("X-Gitlab-Webhook-UUID", UUID.randomUUID().toString());

        assertAnswer(post("", body, h), 200, "accepted");
        assertAnswer(post("", body, h), 200, "duplicate");

        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id LIKE ?", eventUuid + "%"));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND id IN (SELECT id FROM inbox_payload WHERE payload = ?)", body));
    }

    private static Map<String, String> headers(String event, String token, String idempotencyKey) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("X-Gitlab-Event", event);
        if (token != null) {
            h.put("X-Gitlab-Token", token);
        }
        if (idempotencyKey != null) {
            h.put("Idempotency-Key", idempotencyKey);
        }
        return h;
    }

    private static java.net.http.HttpResponse<String> post(String query, String body, Map<String, String> headers) {
        return Answers.post(bridge.url("/webhooks/gitlab" + query), body, headers);
    }

    private static String pushHook() {
        String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
        return Webhooks.fixture("gitlab/push-hook.json", Map.of("after", sha));
    }
}
