package dev.bridge.poll;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Edits made to tasks in HighLevel (no webhook) reach their issues through the tasks poller: only linked tasks, only
 * what changed, once; a completion closes the issue and a reopening reopens it.
 */
class GhlTasksPollerTest extends BridgeTest {

    static final String SEARCH = "/locations/ve9EPM428h8vShlRW1KT/tasks/search";
    static final String ISSUES = "/api/v4/projects/42/issues";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    private static Poller poller() {
        return bridge.context().getRegistry().lookupByNameAndType("ghlTasksPoller", Poller.class);
    }

    private static String task(String id, String title, String body, String due, boolean completed) {
        return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"body\":\"" + body + "\",\"contactId\":\"" + Stubs.CONTACT_ID
                + "\",\"dueDate\":\"" + due + "\",\"completed\":" + completed + "}";
    }

    private static void searchAnswers(String... tasks) {
        ghl.stubFor(post(urlEqualTo(SEARCH)).willReturn(Stubs.okJson("{\"tasks\":[" + String.join(",", tasks) + "]}")));
    }

    private void linked(String taskId, int iid) throws Exception {
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(iid, "Login broken for Acme", "opened", "Customer cannot log in since Monday"))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "Customer cannot log in since Monday", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
    }

    @Test
    void an_edit_in_highlevel_reaches_the_issue_once_and_completion_and_reopening_follow() throws Exception {
        linked("pollTask00000000001", 701);
        linked("pollTask00000000002", 702);
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/701")).willReturn(Stubs.okJson(Stubs.issueJson(701, "Login broken for Acme (all browsers)", "opened", "x"))));
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/702")).willReturn(Stubs.okJson(Stubs.issueJson(702, "Login broken for Acme", "opened", "x"))));
        gitlab.resetRequests();
        String unchanged = task("pollTask00000000002", "Login broken for Acme", "Customer cannot log in since Monday", "2026-12-24T12:00:00.000Z", false);
        searchAnswers(task("pollTask00000000001", "Login broken for Acme (all browsers)", "Customer cannot log in since Monday", "2026-12-24T12:00:00.000Z", false),
                unchanged, task("otherTask0000000001", "Not linked", "", "2026-12-20T12:00:00.000Z", false));

        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();
        ghl.verify(1, postRequestedFor(urlEqualTo(SEARCH)).withRequestBody(equalToJson(
                "{\"contactId\":[\"" + Stubs.CONTACT_ID + "\"],\"limit\":100,\"skip\":0}")));
        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/701")).withRequestBody(equalToJson("{\"title\":\"Login broken for Acme (all browsers)\"}")));
        assertEquals(1, gitlab.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.TaskUpdate'"));

        // the same tasks again: nothing is written. The edited task is stored once more (its link moved on when the
        // edit was written) and changes nothing; from then on both are stored once
        assertEquals(Poller.Outcome.DONE, poller().poll());
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();
        assertEquals(3, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.TaskUpdate'"));
        assertEquals(1, gitlab.findAll(anyRequestedFor(anyUrl())).size());

        // completed in HighLevel: the issue closes; reopened: it reopens
        searchAnswers(task("pollTask00000000002", "Login broken for Acme", "Customer cannot log in since Monday", "2026-12-24T12:00:00.000Z", true));
        poller().poll();
        bridge.awaitInboxDrained();
        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/702")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
        searchAnswers(unchanged);
        poller().poll();
        bridge.awaitInboxDrained();
        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/702")).withRequestBody(equalToJson("{\"state_event\":\"reopen\"}")));
    }
}
