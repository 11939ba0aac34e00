package dev.bridge.flows;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.errors.DeadLetters;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox as a durable work queue (run on H2 by InboxRetriesTest, on PostgreSQL by PostgresInboxRetriesTest): failures wait in their row (no worker sleeps), the events of one synced
 * pair stay in order behind a waiting or dead event, and retries and replays never repeat an effect.
 */
abstract class InboxRetriesContract extends BridgeTest {

    static final String ISSUES = "/api/v4/projects/42/issues";

    /** One quick redelivery, short delays, a 1 s read timeout: the tests reach the inbox's retries fast. */
    static void shortRetries(Map<String, String> p) {
        p.put("bridge.http.read-timeout-ms", "1000");
        p.put("bridge.retry.max-redeliveries", "1");
        p.put("bridge.retry.initial-delay-ms", "200");
        p.put("bridge.retry.max-delay-ms", "800");
        p.put("bridge.retry.max-in-memory-wait-ms", "500");
    }

    @BeforeEach
    void marker_searches_find_nothing() {
        gitlab.stubFor(get(urlPathEqualTo(ISSUES)).willReturn(Stubs.okJson("[]")));
    }

    private static String event(String fixture, String taskId) {
        return Webhooks.fixture("ghl/" + fixture + ".json", Map.of("taskId", taskId));
    }

    private static void created(int iid) {
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("create").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(iid, "Login broken for Acme", "opened", "d"))));
    }

    private static void closes(int iid) {
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/" + iid)).willReturn(Stubs.okJson(Stubs.issueJson(iid, "Login broken for Acme", "closed", "d"))));
    }

    private static void stubTaskPut(String taskId) {
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "Customer cannot log in since Monday\n\nGitLab issue: x", false);
    }

    /** GitLab refuses creates for good (422) until a test moves the "create" scenario to "ok". */
    private static void createsAreRefused() {
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(422).withBody("{\"message\":\"422 Unprocessable Entity\"}")));
    }

    /** Runs F1 for a task against a GitLab that answers at once, so the task is linked to issue {@code iid}. */
    private static void linkedTask(String taskId, int iid) throws Exception {
        stubTaskPut(taskId);
        created(iid);
        gitlab.setScenarioState("create", "ok");
        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        bridge.awaitInboxDrained();
    }

    /**
     * The task's open dead letter, once its inbox row is DEAD too: the dispatcher marks the row after the flow wrote the
     * dead letter, and a replay in between would find no DEAD row to reopen.
     */
    private static long deadLetterOf(String taskId) throws Exception {
        Await.until("dead letter for " + taskId + " and its row DEAD", () -> bridge.count("SELECT COUNT(*) FROM dead_letters d "
                + "JOIN inbox i ON i.id = d.inbox_id WHERE d.status = 'NEW' AND i.status = 'DEAD' AND d.payload LIKE ?", "%" + taskId + "%") == 1);
        return bridge.count("SELECT id FROM dead_letters WHERE status = 'NEW' AND payload LIKE ?", "%" + taskId + "%");
    }

    @Test
    void a_replay_the_moment_its_dead_letter_is_written_still_runs_the_event_again() throws Exception {
        DeadLetters deadLetters = bridge.context().getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
        for (int i = 0; i < 8; i++) {
            String taskId = "earlyReplay000000000" + i;
            stubTaskPut(taskId);
            // this task's first create is refused for good, its second made
            String scenario = "early-" + taskId;
            gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId)).inScenario(scenario)
                    .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(422).withBody("{\"message\":\"no\"}")).willSetStateTo("ok"));
            gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId)).inScenario(scenario)
                    .whenScenarioStateIs("ok").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                            .withBody(Stubs.issueJson(90 + i, "Login broken for Acme", "opened", "d"))));
            assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());

            // no waiting for the dispatcher to mark the row DEAD: replay as soon as the letter is there
            long id = 0;
            while (id == 0) {
                id = bridge.count("SELECT COALESCE(MAX(id), 0) FROM dead_letters WHERE status = 'NEW' AND payload LIKE ?", "%" + taskId + "%");
            }
            assertEquals(DeadLetters.Outcome.DONE, deadLetters.replay(id).outcome());
            assertEquals(DeadLetters.Outcome.NOT_OPEN, deadLetters.replay(id).outcome(), "a second replay of the letter is refused");

            long letter = id;
            Await.until(taskId + " linked after its replay", () -> bridge.count("SELECT COUNT(*) FROM links WHERE ghl_id = ?", taskId) == 1);
            assertEquals("REPLAYED", bridge.query("SELECT status FROM dead_letters WHERE id = ?", letter));
        }
        bridge.awaitInboxDrained();
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE status = 'DEAD' AND entity_key LIKE 'ghl:task:earlyReplay%'"));
    }

    @Test
    void a_dead_letter_whose_event_is_no_longer_dead_is_not_replayed_and_says_why() throws Exception {
        String taskId = "notDeadAnymore000001";
        stubTaskPut(taskId);
        createsAreRefused();
        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        long id = deadLetterOf(taskId);
        // as after a crash between the letter and the row: the event ran again and finished
        bridge.execute("UPDATE inbox SET status = 'DONE' WHERE entity_key = 'ghl:task:" + taskId + "'");

        HttpResponse<String> replay = bridge.adminPost("/admin/dead-letters/" + id + "/replay");
        assertEquals(409, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("is DONE in the inbox, not DEAD"), replay.body());
        assertTrue(replay.body().contains("discard the letter"), replay.body());
        assertEquals("NEW", bridge.query("SELECT status FROM dead_letters WHERE id = ?", id), "the letter stays open");
        HttpResponse<String> discard = bridge.adminPost("/admin/dead-letters/" + id + "/discard");
        assertEquals(200, discard.statusCode(), discard.body());
        assertEquals("DISCARDED", bridge.query("SELECT status FROM dead_letters WHERE id = ?", id));
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId), "a finished event stays as it is");
    }

    @Test
    void an_outage_longer_than_the_quick_retries_waits_in_the_inbox_and_then_makes_one_issue() throws Exception {
        String taskId = "outageTask0000000001";
        stubTaskPut(taskId);
        // GitLab answers 503 to the first five calls: more than one attempt's quick redelivery can ride out
        for (int i = 0; i < 5; i++) {
            gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("create").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "down" + i)
                    .willReturn(aResponse().withStatus(503).withBody("down")).willSetStateTo(i == 4 ? "ok" : "down" + (i + 1)));
        }
        created(71);

        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        // between attempts the event waits in its row, with the reason and the time of its next attempt
        Await.until("waiting for a retry", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE entity_key = ? AND status = 'PENDING' "
                + "AND failures > 0 AND next_attempt_at IS NOT NULL AND lease_owner IS NULL AND last_error LIKE '%HTTP 503%'", "ghl:task:" + taskId) == 1);
        bridge.awaitInboxDrained();

        assertEquals(6, gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).size());
        assertEquals(71L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + taskId + "%"));
    }

    @Test
    void a_retry_after_longer_than_a_worker_may_sleep_is_waited_for_in_the_inbox() throws Exception {
        String taskId = "retryAfterTask000001";
        stubTaskPut(taskId);
        gitlab.stubFor(post(urlEqualTo(ISSUES)).inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("Retry later")).willSetStateTo("ok"));
        created(72);

        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        bridge.awaitInboxDrained();

        List<LoggedRequest> posts = gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES)));
        assertEquals(2, posts.size());
        long waited = posts.get(1).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime();
        assertTrue(waited >= 1900, "waited " + waited + " ms after Retry-After: 2");
        assertEquals(1, bridge.count("SELECT failures FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
        assertEquals(72L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
    }

    @Test
    void a_refused_create_holds_back_the_completion_and_after_the_replay_the_issue_ends_closed() throws Exception {
        String taskId = "refusedTask000000001";
        stubTaskPut(taskId);
        createsAreRefused();
        closes(73);

        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        long deadLetter = deadLetterOf(taskId);
        assertEquals(200, webhooks.ghl(event("TaskComplete", taskId)).statusCode());
        // another task's event runs meanwhile: the dispatcher has moved past the held-back completion
        String other = "unrelatedTask0000001";
        stubTaskPut(other);
        assertEquals(200, webhooks.ghl(event("TaskDelete", other)).statusCode());
        Await.until("the other task's event ran", () -> "DONE".equals(bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:" + other)));
        assertEquals("PENDING", bridge.query("SELECT status FROM inbox WHERE entity_key = ? AND event_type = 'ghl.TaskComplete'", "ghl:task:" + taskId));
        assertEquals(0, gitlab.findAll(putRequestedFor(urlEqualTo(ISSUES + "/73"))).size());

        created(73);
        gitlab.setScenarioState("create", "ok");
        HttpResponse<String> replay = bridge.adminPost("/admin/dead-letters/" + deadLetter + "/replay");
        assertEquals(200, replay.statusCode(), replay.body());
        bridge.awaitInboxDrained();

        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/73")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
        long created = gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).get(1).getLoggedDate().getTime();
        long closed = gitlab.findAll(putRequestedFor(urlEqualTo(ISSUES + "/73"))).get(0).getLoggedDate().getTime();
        assertTrue(closed >= created, "the issue is closed after it is made");
        assertTrue(((String) bridge.query("SELECT gitlab_values FROM links WHERE ghl_id = ?", taskId)).contains("\"state\":\"closed\""));
    }

    @Test
    void a_replay_after_a_timed_out_create_finds_the_issue_and_does_not_make_a_second() throws Exception {
        String taskId = "timedOutReplay000001";
        stubTaskPut(taskId);
        String marker = "<!-- ghl-gitlab-bridge:task:" + taskId + " -->";
        String issue = Stubs.issueJson(74, "Login broken for Acme", "opened", "d\n\n" + marker);
        // GitLab makes the issue but answers after the read timeout; the search that follows is refused (403)
        gitlab.stubFor(post(urlEqualTo(ISSUES)).willReturn(aResponse().withStatus(201).withFixedDelay(2000)
                .withHeader("Content-Type", "application/json").withBody(issue)));
        String search = ISSUES + "?state=all&in=description&per_page=100&search=" + taskId;
        gitlab.stubFor(get(urlEqualTo(search)).inScenario("search").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"403 Forbidden\"}")));

        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        long deadLetter = deadLetterOf(taskId);
        assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).size());

        gitlab.stubFor(get(urlEqualTo(search)).inScenario("search").whenScenarioStateIs(Scenario.STARTED).willReturn(Stubs.okJson("[" + issue + "]")));
        assertEquals(200, bridge.adminPost("/admin/dead-letters/" + deadLetter + "/replay").statusCode());
        bridge.awaitInboxDrained();

        assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).size());
        assertEquals(74L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
    }

    @Test
    void a_replay_after_a_partial_success_does_not_post_the_comment_again() throws Exception {
        String taskId = "partialDelete0000001";
        linkedTask(taskId, 75);

        String notes = ISSUES + "/75/notes";
        String comment = "{\"id\":900,\"system\":false,\"body\":\"This task was deleted in HighLevel, so the bridge closed this issue.\\n\\n"
                + "<!-- ghl-gitlab-bridge:comment:task-deleted-" + taskId + " -->\"}";
        gitlab.stubFor(post(urlEqualTo(notes)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(comment)));
        gitlab.stubFor(get(urlPathEqualTo(notes)).willReturn(Stubs.okJson("[" + comment + "]")));
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/75")).inScenario("close").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"403 Forbidden\"}")));

        assertEquals(200, webhooks.ghl(event("TaskDelete", taskId)).statusCode());
        long deadLetter = deadLetterOf(taskId);
        assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(notes))).size());

        gitlab.stubFor(put(urlEqualTo(ISSUES + "/75")).inScenario("close").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Stubs.okJson(Stubs.issueJson(75, "Login broken for Acme", "closed", "d"))));
        assertEquals(200, bridge.adminPost("/admin/dead-letters/" + deadLetter + "/replay").statusCode());
        bridge.awaitInboxDrained();

        assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(notes))).size());
        gitlab.verify(2, putRequestedFor(urlEqualTo(ISSUES + "/75")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ? AND event_type = 'ghl.TaskDelete'", "ghl:task:" + taskId));
    }

    @Test
    void two_replays_of_one_dead_letter_run_it_once() throws Exception {
        String taskId = "twiceReplayed0000001";
        stubTaskPut(taskId);
        createsAreRefused();
        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        long deadLetter = deadLetterOf(taskId);

        created(76);
        gitlab.setScenarioState("create", "ok");
        HttpResponse<String> first = bridge.adminPost("/admin/dead-letters/" + deadLetter + "/replay");
        HttpResponse<String> second = bridge.adminPost("/admin/dead-letters/" + deadLetter + "/replay");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(404, second.statusCode(), second.body());
        bridge.awaitInboxDrained();

        assertEquals(2, gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).size(), "the refused create and one more");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE ghl_id = ?", taskId));
        assertEquals(1, ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size());
    }

    @Test
    void the_completion_and_the_issue_hook_of_one_pair_never_run_at_once() throws Exception {
        String taskId = "pairOrderTask0000001";
        linkedTask(taskId, 77);
        ghl.resetRequests();

        // the close fails long enough to wait in the inbox; meanwhile GitLab reports an edit of the same issue
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/77")).inScenario("close").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still"));
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/77")).inScenario("close").whenScenarioStateIs("still")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/77")).inScenario("close").whenScenarioStateIs("up")
                .willReturn(Stubs.okJson(Stubs.issueJson(77, "Login broken for Acme", "closed", "d"))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Renamed in GitLab", "x", true);
        assertEquals(200, webhooks.ghl(event("TaskComplete", taskId)).statusCode());
        Await.until("the close waits for a retry", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE entity_key = ? AND event_type = 'ghl.TaskComplete' "
                + "AND failures > 0", "ghl:task:" + taskId) == 1);
        String hook = Webhooks.fixture("gitlab/issue-hook-close.json", Map.of("iid", "77", "title", "Renamed in GitLab", "due", "2026-12-24",
                "description", ("Customer cannot log in since Monday\\n\\n<!-- ghl-gitlab-bridge:task:" + taskId + " -->")));
        assertEquals(200, webhooks.gitlab("Issue Hook", hook).statusCode());
        assertEquals("ghl:task:" + taskId, bridge.query("SELECT order_key FROM inbox WHERE event_type = 'gitlab.issue' AND entity_key = 'gitlab:issue:42:77'"));
        bridge.awaitInboxDrained();

        List<LoggedRequest> ghlPuts = ghl.findAll(putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId)));
        assertEquals(1, ghlPuts.size());
        long closeDone = gitlab.findAll(putRequestedFor(urlEqualTo(ISSUES + "/77"))).get(2).getLoggedDate().getTime();
        assertTrue(ghlPuts.get(0).getLoggedDate().getTime() >= closeDone, "the hook ran after the completion succeeded");
    }

    @Test
    void a_polled_change_and_the_webhook_for_it_make_one_issue() throws Exception {
        String taskId = "polledTask0000000001";
        stubTaskPut(taskId);
        created(78);
        gitlab.setScenarioState("create", "ok");
        ProducerTemplate poller = bridge.context().createProducerTemplate();
        Map<String, Object> headers = Map.of("bridgeEventType", "ghl.TaskCreate", "bridgeDedupeKey", "task:" + taskId + ":created",
                "bridgeEntityKey", "ghl:task:" + taskId);
        String polled = event("TaskCreate", taskId);

        Object first = poller.requestBodyAndHeaders("direct:inbox", polled, headers, Object.class);
        assertNotNull(first);
        assertEquals("DUPLICATE", poller.request("direct:inbox", e -> {
            e.getMessage().setBody(polled);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        }).getMessage().getHeader("bridgeStored"));
        assertEquals(200, webhooks.ghl(event("TaskCreate", taskId)).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).size());
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE entity_key = ? AND status = 'DONE'", "ghl:task:" + taskId));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'poll' AND entity_key = ?", "ghl:task:" + taskId));
        poller.stop();
    }
}
