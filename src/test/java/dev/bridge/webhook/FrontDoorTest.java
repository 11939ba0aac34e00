package dev.bridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.TestKeys;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.bridge.webhook.Answers.assertAnswer;
import static dev.bridge.webhook.Answers.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The receivers are strict about what they take as a delivery: headers only from the HTTP request itself,
 * JSON bodies only, exactly one JSON object, string event types; and they count GHL deliveries without a timestamp.
 */
class FrontDoorTest extends BridgeTest {

    private static final String JSON = "application/json";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    @AfterEach
    void drained() throws Exception {
        bridge.awaitInboxDrained();
    }

    @Test
    void ghl_signature_in_the_query_string_authenticates_nothing() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String body = contactCreate(webhookId);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String valid = query("X-GHL-Signature", TestKeys.ed25519Sign(bytes)) + "&" + query("x-wh-signature", TestKeys.rsaSign(bytes));

        JsonNode a = assertAnswer(Answers.post(bridge.url("/webhooks/ghl?" + valid), body, Map.of("Content-Type", JSON)), 401, "rejected");
        assertReason(a, "no X-GHL-Signature or x-wh-signature header");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));

        // the same delivery with the signature in its header is taken
        assertAnswer(Answers.post(bridge.url("/webhooks/ghl"), body, Map.of("Content-Type", JSON,
                "X-GHL-Signature", TestKeys.ed25519Sign(bytes))), 200, "accepted");
    }

    @Test
    void gitlab_signature_in_the_query_string_authenticates_nothing() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = pushHook();
        long ts = Instant.now().getEpochSecond();
        String signature = TestKeys.gitlabSignature(id, ts, body.getBytes(StandardCharsets.UTF_8));
        String all = String.join("&", query("X-Gitlab-Token", TestKeys.GITLAB_SECRET), query("webhook-id", id),
                query("webhook-timestamp", String.valueOf(ts)), query("webhook-signature", signature), query("X-Gitlab-Event", "Push Hook"));

        JsonNode a = assertAnswer(Answers.post(bridge.url("/webhooks/gitlab?" + all), body, Map.of("Content-Type", JSON)), 401, "rejected");
        assertReason(a, "webhook-signature");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", id));

        // nor does a query parameter change which delivery a signed one is
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", JSON, "X-Gitlab-Event", "Push Hook",
                "webhook-id", id, "webhook-timestamp", String.valueOf(ts), "webhook-signature", signature));
        String spoofed = UUID.randomUUID().toString();
        assertAnswer(Answers.post(bridge.url("/webhooks/gitlab?" + query("webhook-id", spoofed)), body, headers), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ?", id));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", spoofed));
    }

    @Test
    void form_and_multipart_bodies_are_refused_with_415() throws Exception {
        long before = rows();
        String form = "type=ContactCreate&locationId=ve9EPM428h8vShlRW1KT&webhookId=" + UUID.randomUUID();
        String multipart = "--b0undary\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nContactCreate\r\n"
                + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.json\"\r\nContent-Type: application/json\r\n\r\n"
                + contactCreate(UUID.randomUUID().toString()) + "\r\n--b0undary--\r\n";
        Map<String, String> bodies = Map.of(
                "application/x-www-form-urlencoded", form,
                "application/x-www-form-urlencoded; charset=UTF-8", form,
                "multipart/form-data; boundary=b0undary", multipart);
        for (String path : List.of("/webhooks/ghl", "/webhooks/gitlab")) {
            for (Map.Entry<String, String> e : bodies.entrySet()) {
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                Map<String, String> headers = Map.of("Content-Type", e.getKey(), "X-GHL-Signature", TestKeys.ed25519Sign(bytes),
                        "X-Gitlab-Token", TestKeys.GITLAB_SECRET);
                JsonNode a = assertAnswer(Answers.post(bridge.url(path), bytes, headers), 415, "rejected");
                assertReason(a, "Content-Type: application/json");
            }
        }
        assertEquals(before, rows());
        // the connection pool is still good for the next delivery
        String ok = contactCreate(UUID.randomUUID().toString());
        assertAnswer(webhooks.ghl(ok), 200, "accepted");
    }

    @Test
    void json_with_trailing_content_is_malformed() throws Exception {
        long before = rows();
        String object = contactCreate(UUID.randomUUID().toString());
        for (String body : List.of(object + " {}", object + "garbage", object + "{\"type\":\"TaskCreate\"}", object + " 1")) {
            JsonNode a = assertAnswer(webhooks.ghl(body), 400, "rejected");
            assertReason(a, "malformed JSON");
        }
        String hook = pushHook();
        for (String body : List.of(hook + " {}", hook + "trailing")) {
            JsonNode a = assertAnswer(webhooks.gitlab("Push Hook", body), 400, "rejected");
            assertReason(a, "malformed JSON");
        }
        assertEquals(before, rows());
        // trailing whitespace is still one object
        assertAnswer(webhooks.ghl(contactCreate(UUID.randomUUID().toString()) + "\n"), 200, "accepted");
    }

    @Test
    void an_event_type_that_is_not_a_string_is_malformed() throws Exception {
        long before = rows();
        for (String type : List.of("123", "{\"name\":\"TaskCreate\"}", "[\"TaskCreate\"]", "true")) {
            String body = contactCreate(UUID.randomUUID().toString()).replace("\"type\":\"ContactDndUpdate\"", "\"type\":" + type);
            JsonNode a = assertAnswer(webhooks.ghl(body), 400, "rejected");
            assertReason(a, "'type' must be a JSON string");
        }
        for (String kind : List.of("7", "{\"kind\":\"push\"}", "[\"push\"]", "false")) {
            String body = pushHook().replace("\"object_kind\": \"push\"", "\"object_kind\": " + kind);
            assertFalse(body.contains("\"object_kind\": \"push\""), body);
            JsonNode a = assertAnswer(webhooks.gitlab("Push Hook", body), 400, "rejected");
            assertReason(a, "'object_kind' must be a JSON string");
        }
        assertEquals(before, rows());
    }

    @Test
    void ghl_delivery_without_timestamp_is_accepted_and_counted() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String body = contactCreate(webhookId).replaceAll(",\"timestamp\":\"[^\"]*\"", "");
        assertFalse(body.contains("timestamp"), body);
        double before = withoutTimestamp();

        assertAnswer(webhooks.ghl(body), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", webhookId));
        assertEquals(before + 1, withoutTimestamp());

        // a delivery with a timestamp does not move it
        assertAnswer(webhooks.ghl(contactCreate(UUID.randomUUID().toString())), 200, "accepted");
        assertEquals(before + 1, withoutTimestamp());
    }

    // -------------------------------------------------------------------------------------- helpers

    /** bridge_webhooks_without_timestamp_total{source="ghl"} from /observe/metrics; 0 before the first such delivery. */
    private static double withoutTimestamp() {
        HttpResponse<String> r = Answers.get(bridge.managementUrl("/observe/metrics"), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        Matcher m = Pattern.compile("(?m)^bridge_webhooks_without_timestamp_total\\{[^}]*source=\"ghl\"[^}]*} ([0-9.eE+-]+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A contact event that no flow handles (ContactCreate has flow F6, which needs GITLAB_GROUP): the front door is under test. */
    private static String contactCreate(String webhookId) {
        return Webhooks.fixture("ghl/ContactDndUpdate.json", Map.of("webhookId", webhookId));
    }

    private static String pushHook() {
        String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
        return Webhooks.fixture("gitlab/push-hook.json", Map.of("after", sha));
    }

    private static String query(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long rows() throws Exception {
        return bridge.count("SELECT COUNT(*) FROM inbox");
    }
}
