package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** New GitLab comments are paced (GitLab.com allows 60 a minute): past the budget, the event waits in the inbox. */
class GitLabNotesPacingTest extends BridgeTest {

    static final String ISSUES = "/api/v4/projects/42/issues";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> {
            p.put("gitlab.notes-per-minute", "1");
            p.put("bridge.retry.max-in-memory-wait-ms", "0");
            p.put("bridge.retry.max-redeliveries", "0");
        });
    }

    private void linked(String taskId, int iid) throws Exception {
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(iid, "Login broken for Acme", "opened", "x"))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
    }

    @Test
    void a_comment_past_the_budget_waits_in_the_inbox_instead_of_meeting_gitlabs_limit() throws Exception {
        linked("notePacing0000000001", 901);
        linked("notePacing0000000002", 902);
        gitlab.stubFor(post(urlMatching(ISSUES + "/90[12]/notes")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":1,\"body\":\"x\"}")));
        gitlab.stubFor(put(urlMatching(ISSUES + "/90[12]")).willReturn(Stubs.okJson(Stubs.issueJson(901, "Login broken for Acme", "closed", "x"))));

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskDelete.json", Map.of("taskId", "notePacing0000000001"))).statusCode());
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskDelete.json", Map.of("taskId", "notePacing0000000002"))).statusCode());

        Await.until("one deletion waits for the comment budget", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.TaskDelete' "
                + "AND status = 'PENDING' AND last_error LIKE '%allows 1 requests per 60 s%'") == 1);
        // The other deletion may still be finishing (its comment posted, its close under way) when this one is refused.
        Await.until("the other deletion finishes", () -> bridge.count(
                "SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.TaskDelete' AND status = 'DONE'") == 1);
        gitlab.verify(1, postRequestedFor(urlMatching(ISSUES + "/90[12]/notes")));
    }
}
