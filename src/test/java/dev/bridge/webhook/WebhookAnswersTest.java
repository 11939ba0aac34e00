package dev.bridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.bridge.support.Await;
import dev.bridge.support.Stubs;
import dev.bridge.support.TestBridge;
import dev.bridge.support.TestKeys;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer the two webhook receivers give, proven against the real application: real payload shapes,
 * signed with the test keys, sent over HTTP; stored rows are read back from the bridge's own database.
 */
class WebhookAnswersTest {

    private static final int MAX_BODY = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LOCATION = "ve9EPM428h8vShlRW1KT";
    /** Every secret the bridge is configured with in this class: none may ever come back in an answer. */
    private static final List<String> SECRETS = List.of(TestKeys.GITLAB_SECRET, TestKeys.GITLAB_SIGNING_TOKEN,
            TestKeys.GITLAB_SIGNING_TOKEN.substring("whsec_".length()), new String(TestKeys.SIGNING_KEY, StandardCharsets.UTF_8),
            "pit-test-ghl-token-1234", "glpat-test-gitlab-token-1234", "test-admin-token");
    private static final Set<String> OUTCOMES = Set.of("accepted", "duplicate", "rejected", "retry");

    @RegisterExtension
    static WireMockExtension ghl = Stubs.server();
    @RegisterExtension
    static WireMockExtension gitlab = Stubs.server();

    static TestBridge bridge;
    static Webhooks webhooks;
    static final List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
    static final AtomicInteger nextIid = new AtomicInteger(500);

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> p = TestBridge.defaults(ghl.baseUrl(), gitlab.baseUrl());
        p.put("bridge.webhook.max-body-bytes", String.valueOf(MAX_BODY));
        bridge = TestBridge.start(p);
        webhooks = new Webhooks(bridge);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            assertFalse(answers.isEmpty(), "no answers were recorded");
            for (HttpResponse<String> r : answers) {
                assertTrue(r.statusCode() < 500, "a 5xx answer was given: " + r.statusCode() + " " + r.body());
            }
        } finally {
            bridge.close();
        }
    }

    /** WireMock resets its stubs before each test. */
    @BeforeEach
    void stubs() {
        Stubs.ghlContact(ghl);
        Stubs.ghlTasks(ghl);
    }

    /** Accepted events run their flows asynchronously; each test leaves nothing behind for the next. */
    @AfterEach
    void drained() throws Exception {
        bridge.awaitInboxDrained();
    }

    // ------------------------------------------------------------------------------------------ GHL

    @Test
    void ghl_ed25519_signed_task_is_accepted_and_stored_once() throws Exception {
        String taskId = newTask();
        String webhookId = UUID.randomUUID().toString();
        String body = taskCreate(taskId, webhookId, Instant.now());

        HttpResponse<String> r = ghl(body, ed25519(body));

        assertAnswer(r, 200, "accepted");
        assertEquals("{\"status\":\"accepted\"}", r.body());
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", webhookId));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ? "
                + "AND status IN ('PENDING', 'DONE') AND event_type = 'ghl.TaskCreate' AND id IN (SELECT id FROM inbox_payload WHERE payload = ?)", webhookId, body));
        Await.until("TaskCreate processed", () -> bridge.count(
                "SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ? AND status = 'DONE'", webhookId) == 1);
    }

    @Test
    void ghl_legacy_rsa_signature_alone_is_accepted() throws Exception {
        String taskId = newTask();
        String webhookId = UUID.randomUUID().toString();
        String body = taskCreate(taskId, webhookId, Instant.now());

        HttpResponse<String> r = ghl(body, rsa(body));

        assertAnswer(r, 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", webhookId));
    }

    @Test
    void ghl_wrong_ed25519_is_refused_even_with_a_valid_rsa_signature() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String body = contactCreate(webhookId, Instant.now());
        String otherBody = contactCreate(UUID.randomUUID().toString(), Instant.now());

        Map<String, String> headers = new LinkedHashMap<>(ed25519(otherBody));
        headers.putAll(rsa(body));
        JsonNode a = assertAnswer(ghl(body, headers), 401, "rejected");
        assertTrue(a.path("reason").asText().contains("X-GHL-Signature"), a.toString());

        // not even base64, or the wrong length: still a plain 401
        Map<String, String> garbage = new LinkedHashMap<>(Map.of("X-GHL-Signature", "not*base64!"));
        garbage.putAll(rsa(body));
        assertAnswer(ghl(body, garbage), 401, "rejected");
        Map<String, String> shortSig = new LinkedHashMap<>(Map.of("X-GHL-Signature", Base64.getEncoder().encodeToString(new byte[12])));
        shortSig.putAll(rsa(body));
        assertAnswer(ghl(body, shortSig), 401, "rejected");

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));
    }

    @Test
    void ghl_body_altered_after_signing_is_refused() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String signed = taskCreate("AlteredTask000000001", webhookId, Instant.now());
        String altered = signed.replace("Login broken for Acme", "Login broken for Evil");
        assertFalse(signed.equals(altered));

        assertAnswer(ghl(altered, ed25519(signed)), 401, "rejected");
        assertAnswer(ghl(altered, rsa(signed)), 401, "rejected");
        // one byte more at the end (whitespace a proxy might add) also breaks the signature
        assertAnswer(ghl(signed + "\n", ed25519(signed)), 401, "rejected");

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));
    }

    @Test
    void ghl_without_a_signature_is_refused() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String body = contactCreate(webhookId, Instant.now());

        JsonNode a = assertAnswer(ghl(body, Map.of()), 401, "rejected");
        assertTrue(a.path("reason").asText().contains("no X-GHL-Signature or x-wh-signature"), a.toString());
        assertAnswer(ghl(body, Map.of("X-GHL-Signature", "", "x-wh-signature", " ")), 401, "rejected");

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));
    }

    @Test
    void ghl_signature_na_counts_as_missing() throws Exception {
        String taskId = newTask();
        String webhookId = UUID.randomUUID().toString();
        String body = taskCreate(taskId, webhookId, Instant.now());

        JsonNode a = assertAnswer(ghl(body, Map.of("X-GHL-Signature", "N/A")), 401, "rejected");
        assertTrue(a.path("reason").asText().contains("no X-GHL-Signature or x-wh-signature"), a.toString());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));

        // "N/A" is no Ed25519 header, so the legacy RSA signature next to it is the one checked
        Map<String, String> headers = new LinkedHashMap<>(Map.of("X-GHL-Signature", "N/A"));
        headers.putAll(rsa(body));
        assertAnswer(ghl(body, headers), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", webhookId));
    }

    @Test
    void ghl_retry_an_hour_late_is_accepted_once_but_hours_old_is_refused() throws Exception {
        // GHL re-sends the same payload and timestamp after a 429, every ~10 min up to six times
        String taskId = newTask();
        String retried = UUID.randomUUID().toString();
        String late = taskCreate(taskId, retried, Instant.now().minus(Duration.ofMinutes(65)));
        assertAnswer(ghl(late, ed25519(late)), 200, "accepted");
        assertAnswer(ghl(late, ed25519(late)), 200, "duplicate");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", retried));

        String old = UUID.randomUUID().toString();
        String body = contactCreate(old, Instant.now().minus(Duration.ofHours(3)));
        JsonNode a = assertAnswer(ghl(body, ed25519(body)), 401, "rejected");
        assertTrue(a.path("reason").asText().contains("outside the accepted window of 5400 s"), a.toString());

        String future = UUID.randomUUID().toString();
        String ahead = contactCreate(future, Instant.now().plus(Duration.ofHours(3)));
        assertAnswer(ghl(ahead, ed25519(ahead)), 401, "rejected");

        String notADate = "{\"type\":\"ContactCreate\",\"locationId\":\"" + LOCATION + "\",\"id\":\"c1\",\"timestamp\":\"yesterday\","
                + "\"webhookId\":\"" + UUID.randomUUID() + "\"}";
        assertAnswer(ghl(notADate, ed25519(notADate)), 400, "rejected");

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id IN (?, ?)", old, future));

        // well inside the window is fine
        String recent = UUID.randomUUID().toString();
        String fresh = contactCreate(recent, Instant.now().minus(Duration.ofMinutes(4)));
        assertAnswer(ghl(fresh, ed25519(fresh)), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", recent));
    }

    @Test
    void ghl_malformed_json_is_a_400() throws Exception {
        long before = rows();
        String broken = "{\"type\":\"TaskCreate\",\"locationId\":\"" + LOCATION + "\",\"id\":";
        JsonNode a = assertAnswer(ghl(broken, ed25519(broken)), 400, "rejected");
        assertTrue(a.path("reason").asText().contains("malformed JSON"), a.toString());

        String array = "[{\"type\":\"TaskCreate\"}]";
        JsonNode b = assertAnswer(ghl(array, ed25519(array)), 400, "rejected");
        assertTrue(b.path("reason").asText().contains("malformed JSON"), b.toString());

        byte[] empty = new byte[0];
        assertAnswer(webhooks.post("/webhooks/ghl", empty, Map.of("X-GHL-Signature", TestKeys.ed25519Sign(empty))), 400, "rejected");
        assertEquals(before, rows());
    }

    @Test
    void ghl_event_without_type_is_a_400() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String body = "{\"locationId\":\"" + LOCATION + "\",\"id\":\"nmFmQEsNgz6AVpgLVUJ0\",\"timestamp\":\"" + Instant.now()
                + "\",\"webhookId\":\"" + webhookId + "\"}";
        JsonNode a = assertAnswer(ghl(body, ed25519(body)), 400, "rejected");
        assertTrue(a.path("reason").asText().contains("no event type"), a.toString());

        String blank = body.replace("{\"locationId\"", "{\"type\":\"\",\"locationId\"");
        assertAnswer(ghl(blank, ed25519(blank)), 400, "rejected");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));
    }

    @Test
    void ghl_body_over_the_limit_is_a_413() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String big = padded(contactCreate(webhookId, Instant.now()), MAX_BODY + 1);
        assertEquals(MAX_BODY + 1, big.getBytes(StandardCharsets.UTF_8).length);

        JsonNode a = assertAnswer(ghl(big, ed25519(big)), 413, "rejected");
        assertTrue(a.path("reason").asText().contains("limit of " + MAX_BODY + " bytes"), a.toString());
        // the same on the GitLab receiver, before its token is even looked at
        String bigHook = padded(contactCreate(UUID.randomUUID().toString(), Instant.now()), MAX_BODY + 100);
        assertAnswer(gitlabPost(bigHook, Map.of("X-Gitlab-Event", "Issue Hook", "X-Gitlab-Token", TestKeys.GITLAB_SECRET)), 413, "rejected");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));

        // streamed without a Content-Length (chunked): refused the same way once the limit is passed
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(bridge.url("/webhooks/ghl")))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .header("X-GHL-Signature", TestKeys.ed25519Sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        assertAnswer(record(HTTP.send(chunked, HttpResponse.BodyHandlers.ofString())), 413, "rejected");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));

        // exactly at the limit is still taken
        String atLimitId = UUID.randomUUID().toString();
        String atLimit = padded(contactCreate(atLimitId, Instant.now()), MAX_BODY);
        assertAnswer(ghl(atLimit, ed25519(atLimit)), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", atLimitId));
    }

    @Test
    void ghl_duplicate_webhook_id_is_stored_once() throws Exception {
        String taskId = newTask();
        String webhookId = UUID.randomUUID().toString();
        String body = taskCreate(taskId, webhookId, Instant.now());

        assertAnswer(ghl(body, ed25519(body)), 200, "accepted");
        JsonNode second = assertAnswer(ghl(body, ed25519(body)), 200, "duplicate");
        assertTrue(second.path("reason").asText().contains("already received"), second.toString());
        // a redelivery signed the legacy way is the same delivery
        assertAnswer(ghl(body, rsa(body)), 200, "duplicate");

        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", webhookId));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND entity_key = ?", "ghl:task:" + taskId));
    }

    @Test
    void ghl_without_webhook_id_is_deduplicated_on_the_body() throws Exception {
        String taskId = newTask();
        String body = Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId)).replaceAll(",\"webhookId\":\"[^\"]*\"", "");
        assertFalse(body.contains("webhookId"), body);

        assertAnswer(ghl(body, ed25519(body)), 200, "accepted");
        assertAnswer(ghl(body, ed25519(body)), 200, "duplicate");

        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND id IN (SELECT id FROM inbox_payload WHERE payload = ?)", body));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND entity_key = ?", "ghl:task:" + taskId));

        // a different event (one byte differs) without webhookId is not a duplicate
        String other = body.replace("Customer cannot log in since Monday", "Customer cannot log in since Tuesday");
        assertAnswer(ghl(other, ed25519(other)), 200, "accepted");
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND entity_key = ?", "ghl:task:" + taskId));
    }

    @Test
    void ghl_event_no_flow_handles_is_ignored_but_recorded() throws Exception {
        String webhookId = UUID.randomUUID().toString();
        String body = "{\"type\":\"OpportunityCreate\",\"locationId\":\"" + LOCATION + "\",\"id\":\"bCkxDYuL4VZsgMe2VXmi\","
                + "\"assignedTo\":\"YlWd2wuCAZQzh2cH1fVZ\",\"contactId\":\"" + Stubs.CONTACT_ID + "\",\"monetaryValue\":400,"
                + "\"name\":\"Acme renewal\",\"pipelineId\":\"VDm7RPYC2GLUvdpKmBfC\",\"status\":\"open\","
                + "\"timestamp\":\"" + Instant.now() + "\",\"webhookId\":\"" + webhookId + "\"}";

        // whether a flow handles it is decided when it is processed; then it is recorded as ignored, replayable by type
        assertAnswer(ghl(body, ed25519(body)), 200, "accepted");
        Await.until("ignored", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ? AND status = 'IGNORED' "
                + "AND event_type = 'ghl.OpportunityCreate'", webhookId) == 1);

        assertAnswer(ghl(body, ed25519(body)), 200, "duplicate");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", webhookId));
    }

    @Test
    void get_on_the_receivers_is_a_405() throws Exception {
        for (String path : List.of("/webhooks/ghl", "/webhooks/gitlab")) {
            HttpResponse<String> r = record(HTTP.send(HttpRequest.newBuilder(URI.create(bridge.url(path))).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertEquals(405, r.statusCode(), path + ": " + r.body());
        }
    }

    // --------------------------------------------------------------------------------------- GitLab

    @Test
    void gitlab_right_secret_token_without_signature_is_refused_when_a_signing_token_is_set() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = issueHook(nextIid.incrementAndGet());

        // no downgrade: with GITLAB_WEBHOOK_SIGNING_TOKEN set, the secret alone does not authenticate
        JsonNode a = assertAnswer(gitlabPost(body, Map.of("X-Gitlab-Event", "Issue Hook", "X-Gitlab-Token", TestKeys.GITLAB_SECRET,
                "Idempotency-Key", key, "X-Gitlab-Event-UUID", UUID.randomUUID().toString())), 401, "rejected");
        assertTrue(a.path("reason").asText().contains("webhook-signature"), a.toString());
        assertAnswer(gitlabPost(body, Map.of("X-Gitlab-Event", "Issue Hook", "Idempotency-Key", key)), 401, "rejected");

        // a valid signature does not excuse a wrong token sent next to it
        long ts = Instant.now().getEpochSecond();
        Map<String, String> h = signed(key, ts, body);
        h.put("X-Gitlab-Token", "wrong-token");
        JsonNode b = assertAnswer(gitlabPost(body, h), 401, "rejected");
        assertTrue(b.path("reason").asText().contains("X-Gitlab-Token"), b.toString());

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", key));
    }

    @Test
    void gitlab_standard_webhooks_signature_is_accepted() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = issueHook(nextIid.incrementAndGet());

        assertAnswer(gitlabPost(body, signed(id, Instant.now().getEpochSecond(), body)), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ?", id));

        // signature, token and every other GitLab 19 header together
        String id2 = UUID.randomUUID().toString();
        assertAnswer(record(webhooks.gitlab("Issue Hook", body, id2)), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ?", id2));

        // several signatures in the header (key rotation): one matching is enough
        String id3 = UUID.randomUUID().toString();
        long ts = Instant.now().getEpochSecond();
        Map<String, String> h = signed(id3, ts, body);
        h.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32]) + " " + TestKeys.gitlabSignature(id3, ts, body.getBytes(StandardCharsets.UTF_8)));
        assertAnswer(gitlabPost(body, h), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ?", id3));
    }

    @Test
    void gitlab_wrong_signature_is_refused_even_with_the_right_token() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = issueHook(nextIid.incrementAndGet());
        long ts = Instant.now().getEpochSecond();

        Map<String, String> otherKey = signed(id, ts, body);
        otherKey.put("webhook-signature", hmac("another-signing-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8), id, ts, body));
        otherKey.put("X-Gitlab-Token", TestKeys.GITLAB_SECRET);
        JsonNode a = assertAnswer(gitlabPost(body, otherKey), 401, "rejected");
        assertTrue(a.path("reason").asText().contains("webhook-signature"), a.toString());

        // the signature covers id and timestamp: moving it to another id or time breaks it
        Map<String, String> otherId = signed(id, ts, body);
        otherId.put("webhook-id", UUID.randomUUID().toString());
        assertAnswer(gitlabPost(body, otherId), 401, "rejected");
        Map<String, String> otherTs = signed(id, ts, body);
        otherTs.put("webhook-timestamp", String.valueOf(ts - 1));
        assertAnswer(gitlabPost(body, otherTs), 401, "rejected");
        // and the body
        assertAnswer(gitlabPost(body.replace("Jane Dev", "Evil Dev"), signed(id, ts, body)), 401, "rejected");
        // a signature without its webhook-id / webhook-timestamp cannot be checked
        Map<String, String> noTs = signed(id, ts, body);
        noTs.remove("webhook-timestamp");
        assertAnswer(gitlabPost(body, noTs), 401, "rejected");

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", id));
    }

    @Test
    void gitlab_stale_signature_timestamp_is_refused() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = issueHook(nextIid.incrementAndGet());

        long tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        JsonNode a = assertAnswer(gitlabPost(body, signed(id, tenMinutesAgo, body)), 401, "rejected");
        assertTrue(a.path("reason").asText().contains("webhook-timestamp is outside the accepted window"), a.toString());

        long tenMinutesAhead = Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond();
        assertAnswer(gitlabPost(body, signed(id, tenMinutesAhead, body)), 401, "rejected");

        Map<String, String> millis = signed(id, Instant.now().toEpochMilli(), body);
        assertAnswer(gitlabPost(body, millis), 401, "rejected");

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", id));
    }

    @Test
    void gitlab_event_without_a_kind_is_a_400() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = pushHook().replaceFirst("\"object_kind\": \"push\",", "");
        assertFalse(body.contains("object_kind"));
        Map<String, String> noEvent = signed(key, Instant.now().getEpochSecond(), body);
        noEvent.remove("X-Gitlab-Event");

        JsonNode a = assertAnswer(gitlabPost(body, noEvent), 400, "rejected");
        assertTrue(a.path("reason").asText().contains("no event type"), a.toString());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", key));

        // the X-Gitlab-Event header names the kind when the body does not
        Map<String, String> push = signed(key, Instant.now().getEpochSecond(), body);
        push.put("X-Gitlab-Event", "Push Hook");
        JsonNode b = assertAnswer(gitlabPost(body, push), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ? AND event_type = 'gitlab.push'", key));
    }

    @Test
    void gitlab_malformed_json_is_a_400() throws Exception {
        long before = rows();
        String broken = issueHook(nextIid.incrementAndGet()).substring(0, 200);
        JsonNode a = assertAnswer(gitlabPost(broken, signed(UUID.randomUUID().toString(), Instant.now().getEpochSecond(), broken)),
                400, "rejected");
        assertTrue(a.path("reason").asText().contains("malformed JSON"), a.toString());

        String id = UUID.randomUUID().toString();
        String notJson = "object_kind=issue";
        assertAnswer(gitlabPost(notJson, signed(id, Instant.now().getEpochSecond(), notJson)), 400, "rejected");
        assertEquals(before, rows());
    }

    @Test
    void gitlab_duplicate_webhook_id_is_stored_once() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = issueHook(nextIid.incrementAndGet());

        // a retry: same webhook-id and Idempotency-Key, new timestamp, signature and event UUID
        assertAnswer(record(webhooks.gitlab("Issue Hook", body, id)), 200, "accepted");
        JsonNode second = assertAnswer(record(webhooks.gitlab("Issue Hook", body, id)), 200, "duplicate");
        assertTrue(second.path("reason").asText().contains("already received"), second.toString());

        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ?", id));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND id IN (SELECT id FROM inbox_payload WHERE payload = ?)", body));
    }

    @Test
    void gitlab_event_no_flow_handles_is_ignored_but_recorded() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = pushHook();

        assertAnswer(record(webhooks.gitlab("Push Hook", body, id)), 200, "accepted");
        Await.until("ignored", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'gitlab' AND delivery_id = ? AND status = 'IGNORED' "
                + "AND event_type = 'gitlab.push'", id) == 1);
    }

    // ---------------------------------------------------------------------------------------- inbox

    @Test
    void inbox_refusing_writes_is_a_429_and_the_redelivery_is_then_accepted() throws Exception {
        String taskId = newTask();
        String webhookId = UUID.randomUUID().toString();
        String body = taskCreate(taskId, webhookId, Instant.now());
        Map<String, String> signature = ed25519(body);

        // nothing of earlier tests may be half-finished while the table is away
        bridge.awaitInboxDrained();
        Await.until("inbox table renamed away", () -> bridge.execute("ALTER TABLE inbox RENAME TO inbox_off"));
        JsonNode a;
        try {
            a = assertAnswer(ghl(body, signature), 429, "retry");
            JsonNode gl = assertAnswer(record(webhooks.gitlab("Push Hook", pushHook())), 429, "retry");
            assertFalse(gl.path("reason").asText().isBlank(), gl.toString());
        } finally {
            Await.until("inbox table renamed back", () -> bridge.execute("ALTER TABLE inbox_off RENAME TO inbox"));
        }
        assertFalse(a.path("reason").asText().isBlank(), a.toString());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", webhookId));

        // GHL re-sends the same payload (same bytes, same signature) after a 429
        assertAnswer(ghl(body, signature), 200, "accepted");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ?", webhookId));
        Await.until("redelivered TaskCreate processed", () -> bridge.count(
                "SELECT COUNT(*) FROM inbox WHERE source = 'ghl' AND delivery_id = ? AND status = 'DONE'", webhookId) == 1);
    }

    // -------------------------------------------------------------------------------------- helpers

    /** A GHL task id with stand-ins for everything F1 does with it: one new GitLab issue and the task update. */
    private static String newTask() {
        String taskId = ("T" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
        int iid = nextIid.incrementAndGet();
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/42/issues"))
                .withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(iid, "Login broken for Acme", "opened", "Customer cannot log in since Monday"))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme",
                "Customer cannot log in since Monday\n\nGitLab issue: https://gitlab.example.com/acme/support/-/issues/" + iid, false);
        return taskId;
    }

    private static String taskCreate(String taskId, String webhookId, Instant timestamp) {
        return Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId, "webhookId", webhookId, "timestamp", timestamp.toString()));
    }

    /** A contact event that no flow handles (ContactCreate has flow F6, which needs GITLAB_GROUP): the front door is under test. */
    private static String contactCreate(String webhookId, Instant timestamp) {
        return Webhooks.fixture("ghl/ContactDndUpdate.json", Map.of("webhookId", webhookId, "timestamp", timestamp.toString()));
    }

    private static String issueHook(int iid) {
        return Webhooks.fixture("gitlab/issue-hook-update.json", Map.of("iid", String.valueOf(iid), "title", "Login broken for Acme",
                "description", "Customer cannot log in since Monday", "due", "2026-12-24"));
    }

    private static String pushHook() {
        return Webhooks.fixture("gitlab/push-hook.json", Map.of("after", sha1ish()));
    }

    private static String sha1ish() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
    }

    /** The JSON body grown to exactly {@code size} bytes with a longer companyName. */
    private static String padded(String json, int size) {
        int missing = size - json.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(missing >= 0);
        return json.replace("\"companyName\":\"Acme\"", "\"companyName\":\"Acme" + "x".repeat(missing) + "\"");
    }

    private static Map<String, String> ed25519(String body) {
        return Map.of("X-GHL-Signature", TestKeys.ed25519Sign(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> rsa(String body) {
        return Map.of("x-wh-signature", TestKeys.rsaSign(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Standard Webhooks headers only: no X-Gitlab-Token. */
    private static Map<String, String> signed(String id, long ts, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Gitlab-Event", "Issue Hook");
        h.put("webhook-id", id);
        h.put("webhook-timestamp", String.valueOf(ts));
        h.put("webhook-signature", TestKeys.gitlabSignature(id, ts, body.getBytes(StandardCharsets.UTF_8)));
        return h;
    }

    private static String hmac(byte[] key, String id, long ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> ghl(String body, Map<String, String> headers) {
        return record(webhooks.post("/webhooks/ghl", body.getBytes(StandardCharsets.UTF_8), headers));
    }

    private static HttpResponse<String> gitlabPost(String body, Map<String, String> headers) {
        return record(webhooks.post("/webhooks/gitlab", body.getBytes(StandardCharsets.UTF_8), headers));
    }

    /** Every answer of the class goes through here: never a 5xx, never a secret in its body or headers. */
    private static HttpResponse<String> record(HttpResponse<String> r) {
        answers.add(r);
        assertTrue(r.statusCode() < 500, "5xx answer: " + r.statusCode() + " " + r.body());
        for (String secret : SECRETS) {
            assertFalse(r.body() != null && r.body().contains(secret), "answer body contains a secret: " + r.body());
            r.headers().map().forEach((name, values) -> values.forEach(v ->
                    assertFalse(v.contains(secret), "answer header " + name + " contains a secret")));
        }
        return r;
    }

    /** Exact status code and the JSON answer's status field; non-2xx answers must say why. */
    private static JsonNode assertAnswer(HttpResponse<String> r, int status, String outcome) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertNotNull(json, "no JSON answer");
        assertTrue(json.isObject(), r.body());
        assertTrue(OUTCOMES.contains(json.path("status").asText()), r.body());
        assertEquals(outcome, json.path("status").asText(), r.body());
        if (status >= 300) {
            assertFalse(json.path("reason").asText().isBlank(), "a refusal without a reason: " + r.body());
        }
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return json;
    }

    private static long rows() throws Exception {
        return bridge.count("SELECT COUNT(*) FROM inbox");
    }
}
