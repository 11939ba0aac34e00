package dev.bridge.poll;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The GitLab issues poller through the real bridge: it reads every page (X-Next-Page), turns the bridge's issues into
 * Issue Hooks for F3, and a change the webhook already delivered has no effect.
 */
class GitLabIssuesPollerTest extends BridgeTest {

    private static final String TEXT = "Customer cannot log in since Monday";
    private static final String ISSUES = "/api/v4/projects/42/issues";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    private static Poller poller() {
        return bridge.context().getRegistry().lookupByNameAndType("gitlabIssuesPoller", Poller.class);
    }

    /** F1 for a task, so that it is linked to issue {@code iid}; then forgets the requests it made. */
    private void linkedTask(String taskId, int iid) throws Exception {
        Stubs.gitlabCreate(gitlab, iid, "Login broken for Acme", TEXT);
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", TEXT + "\n\nGitLab issue: https://gitlab.example.com/acme/support/-/issues/" + iid, false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        ghl.resetRequests();
        gitlab.resetAll();
    }

    /** An issue as the list answers it: API field names, millisecond times. */
    private static String issue(int iid, String title, String description, String updatedAt) {
        return Stubs.issueJson(iid, title, "opened", description).replace("\"updated_at\":\"2026-01-01T00:00:00.000Z\"", "\"updated_at\":\"" + updatedAt + "\"");
    }

    private static void listPage(String page, String nextPage, String... issues) {
        gitlab.stubFor(get(urlPathEqualTo(ISSUES)).withQueryParam("page", equalTo(page))
                .willReturn(Stubs.okJson("[" + String.join(",", issues) + "]").withHeader("X-Next-Page", nextPage)));
    }

    /** The window the next run asks for: the stored cursor minus the overlap (a first, empty run stores one). */
    private static String nextFrom() throws Exception {
        if (bridge.query("SELECT position FROM poll_cursors WHERE name = 'gitlab-issues'") == null) {
            listPage("1", "");
            assertEquals(Poller.Outcome.DONE, poller().poll());
            gitlab.resetAll();
        }
        Instant cursor = Instant.parse(bridge.query("SELECT position FROM poll_cursors WHERE name = 'gitlab-issues'").toString());
        return DATE.format(cursor.minusSeconds(60));
    }

    @Test
    void every_page_is_read_and_a_changed_linked_issue_reaches_its_task() throws Exception {
        String linkedTaskId = "pollLinkedTask000001";
        linkedTask(linkedTaskId, 91);
        String from = nextFrom();
        String otherTask = "pollMarkerTask000001";
        listPage("1", "2", issue(91, "Renamed in GitLab while the hook was lost", TEXT, "2030-05-01T10:00:01.000Z"),
                issue(500, "Not the bridge's issue", "Someone's notes", "2030-05-01T10:00:02.000Z"));
        listPage("2", "", issue(92, "Made by the bridge", TEXT + "\n\n<!-- ghl-gitlab-bridge:task:" + otherTask + " -->", "2030-05-01T10:00:03.000Z"));
        Stubs.ghlTaskUpdates(ghl, linkedTaskId, "Renamed in GitLab while the hook was lost", TEXT, false);

        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();

        List<LoggedRequest> lists = gitlab.findAll(getRequestedFor(urlPathEqualTo(ISSUES)));
        assertEquals(2, lists.size());
        for (int i = 0; i < 2; i++) {
            LoggedRequest r = lists.get(i);
            assertEquals(String.valueOf(i + 1), r.queryParameter("page").firstValue());
            assertEquals(from, r.queryParameter("updated_after").firstValue());
            assertEquals("updated_at", r.queryParameter("order_by").firstValue());
            assertEquals("asc", r.queryParameter("sort").firstValue());
            assertEquals("100", r.queryParameter("per_page").firstValue());
            assertEquals("glpat-test-gitlab-token-1234", r.getHeader("PRIVATE-TOKEN"));
        }
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + linkedTaskId))
                .withRequestBody(equalToJson("{\"title\":\"Renamed in GitLab while the hook was lost\"}")));

        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'poll' AND delivery_id = 'gitlab:issue:42:91:2030-05-01T10:00:01.000Z'"));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'poll' AND delivery_id LIKE 'gitlab:issue:42:500:%'"));
        // keys as the webhook receiver gives them: the issue, in the sequence of the task its marker names
        String marked = "gitlab:issue:42:92:2030-05-01T10:00:03.000Z";
        assertEquals("gitlab.issue", bridge.query("SELECT event_type FROM inbox WHERE delivery_id = ?", marked));
        assertEquals("gitlab:issue:42:92", bridge.query("SELECT entity_key FROM inbox WHERE delivery_id = ?", marked));
        assertEquals("ghl:task:" + otherTask, bridge.query("SELECT order_key FROM inbox WHERE delivery_id = ?", marked));
        assertEquals("ghl:task:" + linkedTaskId, bridge.query("SELECT order_key FROM inbox WHERE delivery_id = 'gitlab:issue:42:91:2030-05-01T10:00:01.000Z'"));
        assertEquals("2030-05-01T10:00:03Z", bridge.query("SELECT position FROM poll_cursors WHERE name = 'gitlab-issues'"));

        // polled again (the overlap): stored once, no second call
        ghl.resetRequests();
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = 'gitlab:issue:42:91:2030-05-01T10:00:01.000Z'"));
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void a_change_the_webhook_already_delivered_causes_no_call() throws Exception {
        String taskId = "pollAfterHookTask001";
        linkedTask(taskId, 93);
        Stubs.ghlTaskUpdates(ghl, taskId, "Renamed and hooked", TEXT, false);
        String hook = Webhooks.fixture("gitlab/issue-hook-update.json", Map.of("iid", "93", "title", "Renamed and hooked", "due", "2026-12-24",
                "description", TEXT));
        assertEquals(200, webhooks.gitlab("Issue Hook", hook).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId)));
        ghl.resetRequests();
        nextFrom();

        listPage("1", "", issue(93, "Renamed and hooked", TEXT, "2030-06-01T10:00:00.000Z"));
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();

        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE delivery_id = 'gitlab:issue:42:93:2030-06-01T10:00:00.000Z'"));
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size(), "the polled copy of the hooked change wrote nothing");
    }
}
