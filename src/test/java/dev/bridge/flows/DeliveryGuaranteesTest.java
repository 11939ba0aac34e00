package dev.bridge.flows;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Duplicates, retries, dead letters and restarts never lose an event or create a second issue. */
class DeliveryGuaranteesTest extends BridgeTest {

    static final String ISSUES = "/api/v4/projects/42/issues";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> p.put("bridge.http.read-timeout-ms", "1000"));
    }

    @BeforeEach
    void marker_searches_find_nothing() {
        // searches for the bridge's marker find nothing unless a test says otherwise
        gitlab.stubFor(get(urlPathEqualTo(ISSUES)).willReturn(Stubs.okJson("[]")));
    }

    private static String taskCreate(String taskId) {
        return Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId));
    }

    private static void stubTaskPut(String taskId) {
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "Customer cannot log in since Monday\n\nGitLab issue: x", false);
    }

    private static int creates() {
        return gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).size();
    }

    @Test
    void a_duplicate_delivery_creates_one_issue() throws Exception {
        String taskId = "dupTask0000000000001";
        Stubs.gitlabCreate(gitlab, 31, "Login broken for Acme", "d");
        stubTaskPut(taskId);
        String body = taskCreate(taskId);

        assertEquals(200, webhooks.ghl(body).statusCode());
        HttpResponse<String> again = webhooks.ghl(body);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("duplicate"), again.body());
        // the same task announced again under a new webhookId: the link stops a second issue
        assertEquals(200, webhooks.ghl(taskCreate(taskId)).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(1, creates());
        assertEquals(1, ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size());
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
    }

    @Test
    void gitlab_500_twice_then_201_gives_one_issue_after_two_retries_with_growing_delays() throws Exception {
        String taskId = "retryTask00000000001";
        stubTaskPut(taskId);
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"500 Internal Server Error\"}")).willSetStateTo("one"));
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("flaky").whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"500 Internal Server Error\"}")).willSetStateTo("two"));
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("flaky").whenScenarioStateIs("two")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(32, "Login broken for Acme", "opened", "d"))));

        assertEquals(200, webhooks.ghl(taskCreate(taskId)).statusCode());
        Await.until("task updated", () -> ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size() == 1);
        // the flow goes on after the task's PUT: the "no dead letter" below means something only once the event is done
        bridge.awaitInboxDrained();

        List<LoggedRequest> posts = gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES)));
        assertEquals(3, posts.size());
        long first = posts.get(1).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime();
        long second = posts.get(2).getLoggedDate().getTime() - posts.get(1).getLoggedDate().getTime();
        // initial delay 200 ms, multiplier 2, jitter ±15 %: about 200 ms, then about 400 ms
        assertTrue(first >= 150, "first retry after " + first + " ms");
        assertTrue(second > first, "delays grow: " + first + " ms then " + second + " ms");
        assertEquals(32L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%"));
    }

    @Test
    void a_create_that_timed_out_after_gitlab_made_the_issue_is_found_by_its_marker_not_made_again() throws Exception {
        String taskId = "timeoutTask000000001";
        stubTaskPut(taskId);
        String marker = "<!-- ghl-gitlab-bridge:task:" + taskId + " -->";
        // GitLab creates the issue but answers after the bridge's 1 s read timeout
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("slow create").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withFixedDelay(2500).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(33, "Login broken for Acme", "opened", "d\n\n" + marker))).willSetStateTo("created"));
        // the search finds the issue only once GitLab has made it
        gitlab.stubFor(get(urlEqualTo(ISSUES + "?state=all&in=description&per_page=100&search=" + taskId)).inScenario("slow create")
                .whenScenarioStateIs("created")
                .willReturn(Stubs.okJson("[" + Stubs.issueJson(33, "Login broken for Acme", "opened", "d\n\n" + marker) + "]")));

        assertEquals(200, webhooks.ghl(taskCreate(taskId)).statusCode());
        Await.until("task updated", () -> ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size() == 1);
        bridge.awaitInboxDrained();

        assertEquals(1, creates());
        assertEquals(33L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
    }

    @Test
    void a_422_goes_to_dead_letters_without_retry_and_can_be_replayed() throws Exception {
        String taskId = "rejectedTask00000001";
        stubTaskPut(taskId);
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("422").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"422 Unprocessable Entity\",\"token\":\"glpat-test-gitlab-token-1234\"}")));

        assertEquals(200, webhooks.ghl(taskCreate(taskId)).statusCode());
        Await.until("dead letter", () -> bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%") == 1);
        bridge.awaitInboxDrained();

        assertEquals(1, creates());
        assertEquals("DEAD", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
        assertEquals("ghl-task-to-gitlab-issue", bridge.query("SELECT flow FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%"));
        assertEquals(422, ((Number) bridge.query("SELECT http_status FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%")).intValue());
        String response = (String) bridge.query("SELECT response_body FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%");
        assertTrue(response.contains("422 Unprocessable Entity"), response);
        assertFalse(response.contains("glpat-test-gitlab-token-1234"), "secrets are redacted: " + response);
        assertTrue(((String) bridge.query("SELECT reason FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%")).contains("HTTP 422"));

        // GitLab accepts it now; the operator replays the dead letter through the admin API
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("422").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(34, "Login broken for Acme", "opened", "d"))));
        long id = bridge.count("SELECT id FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%");
        HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bridge.managementUrl("/admin/dead-letters")))
                .header("Authorization", "Bearer test-admin-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode());
        assertTrue(listed.body().contains("\"id\":" + id + ",") && listed.body().contains("\"httpStatus\":422"), listed.body());
        assertFalse(listed.body().contains("glpat-test-gitlab-token-1234"), listed.body());
        HttpResponse<String> unauthorised = bridge.adminPost("/admin/dead-letters/" + id + "/replay", "wrong");
        assertEquals(401, unauthorised.statusCode());
        HttpResponse<String> replay = bridge.adminPost("/admin/dead-letters/" + id + "/replay");
        assertEquals(200, replay.statusCode(), replay.body());
        Await.until("replayed issue linked", () -> bridge.count("SELECT COUNT(*) FROM links WHERE ghl_id = ?", taskId) == 1);
        bridge.awaitInboxDrained();
        assertEquals(2, creates());
        assertEquals("REPLAYED", bridge.query("SELECT status FROM dead_letters WHERE id = ?", id));
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
    }

    @Test
    void a_429_with_retry_after_2_waits_at_least_2_seconds() throws Exception {
        String taskId = "limitedTask000000001";
        stubTaskPut(taskId);
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("Retry later")).willSetStateTo("ok"));
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(35, "Login broken for Acme", "opened", "d"))));

        assertEquals(200, webhooks.ghl(taskCreate(taskId)).statusCode());
        Await.until("task updated", () -> ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size() == 1);

        List<LoggedRequest> posts = gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES)));
        assertEquals(2, posts.size());
        long waited = posts.get(1).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime();
        assertTrue(waited >= 2000, "waited " + waited + " ms after Retry-After: 2");
    }

    @Test
    void events_accepted_before_a_stop_are_processed_once_after_the_restart() throws Exception {
        bridge.context().getRegistry().lookupByNameAndType("inboxDispatcher", InboxDispatcher.class).stop();
        for (int i = 0; i < 5; i++) {
            String taskId = "restartTask00000000" + i;
            stubTaskPut(taskId);
            assertEquals(200, webhooks.ghl(taskCreate(taskId)).statusCode());
        }
        for (int i = 0; i < 5; i++) {
            gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("restartTask00000000" + i))
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                            .withBody(Stubs.issueJson(40 + i, "Login broken for Acme", "opened", "d"))));
        }
        assertEquals(5, bridge.count("SELECT COUNT(*) FROM inbox WHERE status = 'PENDING'"));
        assertEquals(0, creates());

        restartBridge();
        bridge.awaitInboxDrained();

        assertEquals(5, creates());
        for (int i = 0; i < 5; i++) {
            assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE ghl_id = ?", "restartTask00000000" + i));
            assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:restartTask00000000" + i));
        }
    }
}
