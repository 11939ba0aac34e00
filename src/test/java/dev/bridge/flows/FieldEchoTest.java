package dev.bridge.flows;

import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Echoes are told apart from edits field by field, and user text arrives exactly as written: the bridge's own
 * writes coming back change nothing, while a real edit is applied even when it comes with an echo.
 */
class FieldEchoTest extends BridgeTest {

    static final String TEXT = "Customer cannot log in since Monday";
    static final String ISSUES = "/api/v4/projects/42/issues";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    private static String url(int iid) {
        return "https://gitlab.example.com/acme/support/-/issues/" + iid;
    }

    /** F1 for a task, so that it is linked to issue {@code iid}; then forgets the requests it made. */
    private void linkedTask(String taskId, int iid) throws Exception {
        Stubs.gitlabCreate(gitlab, iid, "Login broken for Acme", TEXT);
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", TEXT + "\n\nGitLab issue: " + url(iid), false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        ghl.resetRequests();
        gitlab.resetRequests();
    }

    private static String hook(String fixture, int iid, String title, String due) {
        return Webhooks.fixture("gitlab/" + fixture, Map.of("iid", String.valueOf(iid), "title", title, "due", due,
                "description", TEXT + "\\n\\n#### HighLevel contact\\nRubika Deo"));
    }

    private static void stubCompleted(String taskId) {
        ghl.stubFor(put(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId + "/completed"))
                .willReturn(Stubs.okJson(Stubs.taskJson(taskId, "Login broken for Acme", TEXT, true))));
    }

    @Test
    void a_close_that_carries_a_new_title_completes_the_task_and_sends_the_title() throws Exception {
        String taskId = "closeWithEdit0000001";
        linkedTask(taskId, 81);
        stubCompleted(taskId);

        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-close.json", 81, "Login broken for Acme and Beta", "2026-12-24")).statusCode());
        bridge.awaitInboxDrained();

        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId + "/completed"))
                .withRequestBody(equalToJson("{\"completed\":true}")));
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withRequestBody(equalToJson("{\"title\":\"Login broken for Acme and Beta\"}")));
    }

    @Test
    void the_bridges_own_close_coming_back_changes_nothing() throws Exception {
        String taskId = "ownCloseEcho00000001";
        linkedTask(taskId, 82);
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/82")).willReturn(Stubs.okJson(Stubs.issueJson(82, "Login broken for Acme", "closed", TEXT))));

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-close.json", 82, "Login broken for Acme", "2026-12-24")).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(1, gitlab.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void an_edit_made_in_the_same_second_as_the_bridges_own_write_is_applied() throws Exception {
        // GitLab's API answers carry milliseconds, its hooks whole seconds: the same second is not "older"
        String taskId = "sameSecondEdit000001";
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(taskId))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(89, "Login broken for Acme", "opened", TEXT).replace("2026-01-01T00:00:00.000Z", "2026-12-02T10:15:30.750Z"))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", TEXT + "\n\nGitLab issue: " + url(89), false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        ghl.resetRequests();

        String edit = Webhooks.fixture("gitlab/issue-hook-update.json", Map.of("iid", "89", "title", "Renamed in the same second", "due", "2026-12-24",
                "description", TEXT + "\\n\\n#### HighLevel contact\\nRubika Deo", "updatedAt", "2026-12-02 10:15:30 UTC"));
        assertEquals(200, webhooks.gitlab("Issue Hook", edit).statusCode());
        bridge.awaitInboxDrained();

        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withRequestBody(equalToJson("{\"title\":\"Renamed in the same second\"}")));
    }

    @Test
    void a_cleared_due_date_is_passed_on() throws Exception {
        String taskId = "clearedDueDate000001";
        linkedTask(taskId, 83);
        String cleared = hook("issue-hook-update.json", 83, "Login broken for Acme", "x").replace("\"x\"", "null");

        assertEquals(200, webhooks.gitlab("Issue Hook", cleared).statusCode());
        bridge.awaitInboxDrained();

        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withRequestBody(equalToJson("{\"dueDate\":null}")));
    }

    @Test
    void an_edit_made_in_ghl_while_the_task_create_waited_is_kept() throws Exception {
        String taskId = "editedWhileWaiting01";
        // stubbed before the dispatcher starts again: it may run the event at once
        Stubs.gitlabCreate(gitlab, 84, "Login broken for Acme", TEXT);
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        InboxDispatcher dispatcher = bridge.context().getRegistry().lookupByNameAndType("inboxDispatcher", InboxDispatcher.class);
        dispatcher.stop();
        try {
            assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
            // while the event waits, the task is edited in HighLevel (GHL sends no event for that)
            Stubs.ghlTask(ghl, taskId, "Login broken for Acme", "Edited: only on Mondays, and only in Safari", false);
        } finally {
            dispatcher.start();
        }
        bridge.awaitInboxDrained();

        String description = (String) gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).get(0).getBodyAsString();
        assertEquals(true, description.contains("Edited: only on Mondays, and only in Safari"), description);
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId)).withRequestBody(equalToJson(
                "{\"body\":" + Stubs.json("Edited: only on Mondays, and only in Safari\n\nGitLab issue: " + url(84)) + "}")));
    }

    @Test
    void titles_and_bodies_arrive_exactly_as_written_and_nothing_in_them_is_evaluated() throws Exception {
        String[][] cases = {
                {"literalNullTitle0001", "null", TEXT},
                {"quotedTitle000000001", "\"VIP\" customer, 'quoted'", TEXT},
                {"placeholderBody00001", "Placeholders", "Keep ${body} and {{gitlab.token}} and ${header.x} as they are"},
        };
        int iid = 85;
        for (String[] c : cases) {
            Stubs.ghlTask(ghl, c[0], c[1], c[2], false);
            Stubs.ghlTaskUpdates(ghl, c[0], c[1], c[2], false);
            gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(c[0]))
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                            .withBody(Stubs.issueJson(iid++, c[1], "opened", c[2]))));
            assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", c[0]))).statusCode());
        }
        bridge.awaitInboxDrained();

        for (String[] c : cases) {
            gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.title", com.github.tomakehurst.wiremock.client.WireMock.equalTo(c[1])))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.description",
                            com.github.tomakehurst.wiremock.client.WireMock.containing(c[2] + "\n\n#### HighLevel contact"))));
        }
    }
}
