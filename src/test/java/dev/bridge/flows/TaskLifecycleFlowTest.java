package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F2 and F3 on linked tasks: GHL completes or deletes a task and the issue closes; GitLab closes,
 * reopens or edits the issue and the task follows; the bridge's own writes never bounce back.
 */
class TaskLifecycleFlowTest extends BridgeTest {

    static final String DESCRIPTION = "Customer cannot log in since Monday";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    /** Runs F1 for a task so that it is linked to issue {@code iid}, then forgets the requests it made. */
    private void linkedTask(String taskId, int iid) throws Exception {
        Stubs.gitlabCreate(gitlab, iid, "Login broken for Acme", DESCRIPTION);
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", DESCRIPTION + "\n\nGitLab issue: " + issueUrl(iid), false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE ghl_id = ? AND ghl_values IS NOT NULL", taskId));
        ghl.resetRequests();
        gitlab.resetRequests();
    }

    private static String issueUrl(int iid) {
        return "https://gitlab.example.com/acme/support/-/issues/" + iid;
    }

    private static void stubIssuePut(int iid, String state) {
        gitlab.stubFor(put(urlEqualTo("/api/v4/projects/42/issues/" + iid))
                .willReturn(Stubs.okJson(Stubs.issueJson(iid, "Login broken for Acme", state, DESCRIPTION))));
    }

    private static void stubCompleted(String taskId, boolean completed) {
        ghl.stubFor(put(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId + "/completed"))
                .willReturn(Stubs.okJson(Stubs.taskJson(taskId, "Login broken for Acme", DESCRIPTION + "\n\nGitLab issue: x", completed))));
    }

    private static String hook(String name, int iid) {
        return Webhooks.fixture("gitlab/" + name, Map.of("iid", String.valueOf(iid), "description", DESCRIPTION.replace("\"", "\\\""),
                "title", "Login broken for Acme", "due", "2026-12-24"));
    }

    @Test
    void task_complete_closes_the_issue_and_the_close_hook_does_not_bounce_back() throws Exception {
        String taskId = "taskComplete00000001";
        linkedTask(taskId, 21);
        stubIssuePut(21, "closed");

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        gitlab.verify(1, putRequestedFor(urlEqualTo("/api/v4/projects/42/issues/21"))
                .withHeader("PRIVATE-TOKEN", equalTo("glpat-test-gitlab-token-1234"))
                .withRequestBody(equalToJson("{\"state_event\":\"close\"}")));

        // GitLab now reports the close the bridge made: nothing goes to HighLevel
        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-close.json", 21)).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(1, gitlab.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void a_task_made_completed_closes_its_new_issue_when_its_completion_arrives() throws Exception {
        String taskId = "taskMadeComplete0001";
        // HighLevel holds the task as completed already when F1 reads it; its new issue is open
        Stubs.ghlTask(ghl, taskId, "Login broken for Acme", DESCRIPTION, true);
        Stubs.gitlabCreate(gitlab, 29, "Login broken for Acme", DESCRIPTION);
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", DESCRIPTION + "\n\nGitLab issue: " + issueUrl(29), true);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        stubIssuePut(29, "closed");

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        gitlab.verify(1, putRequestedFor(urlEqualTo("/api/v4/projects/42/issues/29")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
    }

    @Test
    void issue_closed_and_reopened_in_gitlab_marks_the_task_completed_and_not_completed() throws Exception {
        String taskId = "taskCloseReopen00001";
        linkedTask(taskId, 22);
        stubCompleted(taskId, true);

        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-close.json", 22)).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId + "/completed"))
                .withHeader("Authorization", equalTo("Bearer pit-test-ghl-token-1234"))
                .withHeader("Version", equalTo("2021-07-28"))
                .withRequestBody(equalToJson("{\"completed\":true}")));

        // HighLevel reports the completion the bridge made: the issue is already closed, GitLab is not called
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size());

        ghl.resetRequests();
        stubCompleted(taskId, false);
        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-reopen.json", 22)).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId + "/completed"))
                .withRequestBody(equalToJson("{\"completed\":false}")));
        assertEquals(1, ghl.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void title_and_due_date_edited_in_gitlab_update_the_task_once_keeping_its_time_of_day() throws Exception {
        String taskId = "taskEdited0000000001";
        linkedTask(taskId, 23);
        String body = DESCRIPTION + "\n\nGitLab issue: " + issueUrl(23);
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme and Beta", body, false);
        String edited = Webhooks.fixture("gitlab/issue-hook-update.json", Map.of("iid", "23",
                "description", (DESCRIPTION + "\n\n#### HighLevel contact\n**Rubika Deo** rubika@deos.com\n\n<!-- ghl-gitlab-bridge:task:" + taskId + " -->").replace("\n", "\\n"),
                "title", "Login broken for Acme and Beta", "due", "2027-01-15"));

        assertEquals(200, webhooks.gitlab("Issue Hook", edited).statusCode());
        bridge.awaitInboxDrained();
        // only the fields that changed are written; the task keeps its time of day (12:00) on the new day
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withRequestBody(equalToJson("{\"title\":\"Login broken for Acme and Beta\",\"dueDate\":\"2027-01-15T12:00:00Z\"}")));

        // the same state delivered again (GitLab resends it with a new id): already on record, not written twice
        assertEquals(200, webhooks.gitlab("Issue Hook", edited).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(1, ghl.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void task_delete_closes_the_issue_with_a_comment() throws Exception {
        String taskId = "taskDeleted000000001";
        linkedTask(taskId, 24);
        stubIssuePut(24, "closed");
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/42/issues/24/notes"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":302,\"body\":\"x\",\"system\":false}")));

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskDelete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        gitlab.verify(1, postRequestedFor(urlEqualTo("/api/v4/projects/42/issues/24/notes")).withRequestBody(equalToJson(
                "{\"body\":\"This task was deleted in HighLevel, so the bridge closed this issue.\\n\\n<!-- ghl-gitlab-bridge:comment:task-deleted-" + taskId + " -->\"}")));
        gitlab.verify(1, putRequestedFor(urlEqualTo("/api/v4/projects/42/issues/24")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));

        // the close hook that follows is neither sent to HighLevel (the task is gone) nor bounced
        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-close.json", 24)).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void hooks_for_issues_the_bridge_did_not_create_are_left_alone() throws Exception {
        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-close.json", 999)).statusCode());
        bridge.awaitInboxDrained();
        Await.until("row finished", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE entity_key = 'gitlab:issue:42:999' AND status = 'DONE'") == 1);
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void events_of_one_task_run_in_order_even_when_the_first_is_slow() throws Exception {
        String taskId = "orderedTask000000001";
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/42/issues")).willReturn(aResponse().withStatus(201).withFixedDelay(700)
                .withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(25, "Login broken for Acme", "opened", DESCRIPTION))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", DESCRIPTION, false);
        stubIssuePut(25, "closed");

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();

        // the completion waited for the create: it found the link and closed the new issue
        gitlab.verify(1, putRequestedFor(urlEqualTo("/api/v4/projects/42/issues/25")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
        var all = gitlab.getAllServeEvents();
        long created = all.stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")).findFirst().orElseThrow().getRequest().getLoggedDate().getTime();
        long closed = all.stream().filter(e -> e.getRequest().getMethod().getName().equals("PUT")).findFirst().orElseThrow().getRequest().getLoggedDate().getTime();
        assertTrue(closed >= created, "close after create");
    }

    @Test
    void a_close_that_gitlab_answers_with_503_is_retried_until_it_succeeds() throws Exception {
        String taskId = "closeRetried00000001";
        linkedTask(taskId, 26);
        gitlab.stubFor(put(urlEqualTo("/api/v4/projects/42/issues/26")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        gitlab.stubFor(put(urlEqualTo("/api/v4/projects/42/issues/26")).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(Stubs.okJson(Stubs.issueJson(26, "Login broken for Acme", "closed", DESCRIPTION))));

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();

        gitlab.verify(2, putRequestedFor(urlEqualTo("/api/v4/projects/42/issues/26")));
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ? AND event_type = 'ghl.TaskComplete'", "ghl:task:" + taskId));
        assertTrue(((String) bridge.query("SELECT gitlab_values FROM links WHERE ghl_id = ?", taskId)).contains("\"state\":\"closed\""));
    }

    @Test
    void deleting_a_task_whose_issue_is_already_closed_adds_no_comment_and_no_close() throws Exception {
        String taskId = "taskDeletedClosed001";
        linkedTask(taskId, 27);
        stubCompleted(taskId, true);
        assertEquals(200, webhooks.gitlab("Issue Hook", hook("issue-hook-close.json", 27)).statusCode());
        bridge.awaitInboxDrained();
        gitlab.resetRequests();

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskDelete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals("deleted", bridge.query("SELECT ghl_state FROM links WHERE ghl_id = ?", taskId));
    }
}
