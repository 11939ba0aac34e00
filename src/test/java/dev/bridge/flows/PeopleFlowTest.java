package dev.bridge.flows;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.poll.Poller;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.LogLines;
import dev.bridge.support.Stubs;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.bridge.flows.PeopleStandIns.EMAIL_USER;
import static dev.bridge.flows.PeopleStandIns.GHOST_USER;
import static dev.bridge.flows.PeopleStandIns.ISSUES;
import static dev.bridge.flows.PeopleStandIns.STRANGER;
import static dev.bridge.flows.PeopleStandIns.TABLE_USER;
import static dev.bridge.flows.PeopleStandIns.TASKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task's assignee and its issue's follow each other both ways (assignedTo: both), matched by the people table, then
 * by e-mail, then the default; a GitLab user the token cannot see is reported and not guessed; echoes make no call.
 */
class PeopleFlowTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        Path mapping = PeopleStandIns.mapping("both", """
                people:
                  match: [table, email]
                  table:
                    - { ghl: "UkXj2ZfQsxbIpCM0M1Kb", gitlab: jdoe }
                    - { ghl: "GhostUser0000000001", gitlab: ghost }
                  default: { gitlab: triage-bot }
                """);
        startBridge(p -> p.put("bridge.mapping-file", mapping.toString()));
    }

    @BeforeEach
    void users() {
        PeopleStandIns.users(ghl, gitlab);
    }

    private static Poller tasksPoller() {
        return bridge.context().getRegistry().lookupByNameAndType("ghlTasksPoller", Poller.class);
    }

    /** F1 for a task assigned to {@code assignee}; answers the body GitLab was asked to create the issue with. */
    private String created(String taskId, String assignee, int iid) throws Exception {
        PeopleStandIns.taskAndIssue(ghl, gitlab, taskId, assignee, iid);
        assertEquals(200, webhooks.ghl(PeopleStandIns.taskCreate(taskId)).statusCode());
        bridge.awaitInboxDrained();
        List<LoggedRequest> creates = gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES)));
        assertEquals(1, creates.size());
        return creates.get(0).getBodyAsString();
    }

    private static void hook(int iid, int... assignees) throws Exception {
        assertEquals(200, webhooks.gitlab("Issue Hook", PeopleStandIns.hook(iid, assignees)).statusCode());
        bridge.awaitInboxDrained();
    }

    private static void polled(String... listedTasks) throws Exception {
        ghl.stubFor(post(urlEqualTo("/locations/ve9EPM428h8vShlRW1KT/tasks/search"))
                .willReturn(Stubs.okJson("{\"tasks\":[" + String.join(",", listedTasks) + "]}")));
        assertEquals(Poller.Outcome.DONE, tasksPoller().poll());
        bridge.awaitInboxDrained();
    }

    private static int requests(com.github.tomakehurst.wiremock.junit5.WireMockExtension server) {
        return server.findAll(anyRequestedFor(anyUrl())).size();
    }

    @Test
    void a_task_assigned_to_a_user_in_the_table_makes_an_issue_assigned_to_their_gitlab_user_and_its_echo_makes_no_call() throws Exception {
        String body = created("peopleTable00000001", TABLE_USER, 301);
        assertTrue(body.contains("\"assignee_ids\":[51]"), body);

        ghl.resetRequests();
        gitlab.resetRequests();
        hook(301, 51);
        polled(PeopleStandIns.listed("peopleTable00000001", TABLE_USER));
        assertEquals(0, requests(gitlab), "the issue's own assignee coming back and the unchanged task make no GitLab call");
        assertEquals(1, requests(ghl), "only the poller's task search: " + ghl.findAll(anyRequestedFor(anyUrl())));
    }

    @Test
    void a_task_assigned_to_a_user_with_the_same_e_mail_in_gitlab_makes_an_issue_assigned_to_them() throws Exception {
        String body = created("peopleEmail00000001", EMAIL_USER, 302);
        assertTrue(body.contains("\"assignee_ids\":[61]"), body);
    }

    @Test
    void a_task_assigned_to_a_user_nobody_matches_makes_an_issue_assigned_to_the_default() throws Exception {
        String body = created("peopleDefault000001", STRANGER, 303);
        assertTrue(body.contains("\"assignee_ids\":[99]"), body);
    }

    @Test
    void a_table_user_the_token_cannot_see_is_reported_and_not_guessed() throws Exception {
        String body;
        try (LogLines logs = LogLines.capture()) {
            body = created("peopleGhost00000001", GHOST_USER, 304);
            List<LogLines.Line> said = logs.containing("people.table entry { ghl: GhostUser0000000001, gitlab: ghost }: GitLab user 'ghost' is not visible");
            assertEquals(1, said.size(), String.valueOf(said));
            assertEquals(Level.WARN, said.get(0).level());
            assertFalse(said.get(0).withStackTrace());
        }
        // neither guessed nor the default: the issue is made without an assignee, and the task is linked as usual
        assertFalse(body.contains("assignee_ids"), body);
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'task' AND ghl_id = ?", "peopleGhost00000001"));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridge.managementUrl("/observe/health?exposureLevel=full"))).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(health.body().contains("people") && health.body().contains("GitLab user 'ghost' is not visible"), health.body());
    }

    @Test
    void an_issue_reassigned_in_gitlab_reassigns_the_task_and_the_echo_makes_no_call() throws Exception {
        String taskId = "peopleReverse000001";
        created(taskId, EMAIL_USER, 305);
        ghl.stubFor(put(urlEqualTo(TASKS + taskId)).willReturn(Stubs.okJson(PeopleStandIns.task(taskId, TABLE_USER))));

        // reassigned to jdoe (51): the table says who that is in HighLevel
        hook(305, 51);
        ghl.verify(1, putRequestedFor(urlEqualTo(TASKS + taskId)).withRequestBody(equalToJson("{\"assignedTo\":\"" + TABLE_USER + "\"}")));

        // the task as HighLevel now holds it, polled: the bridge's own write, no call to GitLab
        gitlab.resetRequests();
        polled(PeopleStandIns.listed(taskId, TABLE_USER));
        assertEquals(0, requests(gitlab), String.valueOf(gitlab.findAll(anyRequestedFor(anyUrl()))));

        // back to erin (61): matched by e-mail among the location's users
        ghl.resetRequests();
        hook(305, 61);
        ghl.verify(1, putRequestedFor(urlEqualTo(TASKS + taskId)).withRequestBody(equalToJson("{\"assignedTo\":\"" + EMAIL_USER + "\"}")));

        // the same hook again (GitLab redelivers): nothing new
        ghl.resetRequests();
        hook(305, 61);
        assertEquals(0, requests(ghl));

        // to lee (81), whose e-mail only a deleted HighLevel user has: nobody matches, the task stays erin's
        ghl.resetRequests();
        hook(305, 81);
        assertEquals(0, ghl.findAll(putRequestedFor(urlEqualTo(TASKS + taskId))).size(), "a deleted user is never assigned");
    }

    @Test
    void a_task_reassigned_in_highlevel_reassigns_the_issue_and_the_echo_makes_no_call() throws Exception {
        String taskId = "peopleForward000001";
        created(taskId, TABLE_USER, 306);
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/306")).willReturn(Stubs.okJson(Stubs.issueJson(306, PeopleStandIns.TITLE, "opened", "x"))));

        polled(PeopleStandIns.listed(taskId, EMAIL_USER));
        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/306")).withRequestBody(equalToJson("{\"assignee_ids\":[61]}")));

        // GitLab's hook for that change, and the same task polled again: no call either way
        ghl.resetRequests();
        gitlab.resetRequests();
        hook(306, 61);
        polled(PeopleStandIns.listed(taskId, EMAIL_USER));
        assertEquals(0, requests(gitlab), String.valueOf(gitlab.findAll(anyRequestedFor(anyUrl()))));
        assertEquals(1, requests(ghl), "only the poller's task search: " + ghl.findAll(anyRequestedFor(anyUrl())));
    }

    @Test
    void a_reassignment_whose_hook_never_arrived_is_found_by_the_issues_poller() throws Exception {
        String taskId = "peoplePolled0000001";
        created(taskId, EMAIL_USER, 307);
        ghl.stubFor(put(urlEqualTo(TASKS + taskId)).willReturn(Stubs.okJson(PeopleStandIns.task(taskId, TABLE_USER))));
        String now = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now());
        // the issue as GitLab's API lists it: its assignees themselves, no assignee_ids
        String listed = Stubs.issueJson(307, PeopleStandIns.TITLE, "opened", PeopleStandIns.TEXT)
                .replace("\"assignees\":[]", "\"assignees\":[{\"id\":51,\"username\":\"jdoe\",\"name\":\"Jo Doe\",\"state\":\"active\"}]")
                .replace("2026-01-01T00:00:00.000Z", now);
        gitlab.stubFor(get(urlPathEqualTo(ISSUES)).willReturn(Stubs.okJson("[" + listed + "]").withHeader("X-Next-Page", "")));

        Poller issuesPoller = bridge.context().getRegistry().lookupByNameAndType("gitlabIssuesPoller", Poller.class);
        assertEquals(Poller.Outcome.DONE, issuesPoller.poll());
        bridge.awaitInboxDrained();
        ghl.verify(1, putRequestedFor(urlEqualTo(TASKS + taskId)).withRequestBody(equalToJson("{\"assignedTo\":\"" + TABLE_USER + "\"}")));
    }
}
