package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge paces its HighLevel requests below GHL's limit: when the budget is spent, the event waits in the inbox
 * (no worker sleeps for long) and finishes later, once; HighLevel never sees more than the budget in a window.
 */
class GhlPacingTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> {
            p.put("ghl.requests-per-10s", "2");
            p.put("bridge.retry.max-in-memory-wait-ms", "0");
            p.put("bridge.retry.max-redeliveries", "0");
        });
    }

    @Test
    void a_spent_budget_sends_the_event_back_to_the_inbox_and_it_finishes_later_once() throws Exception {
        String taskId = "pacedTask00000000001";
        Stubs.gitlabCreate(gitlab, 801, "Login broken for Acme", "Customer cannot log in since Monday");
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        // F1 needs three HighLevel calls (task, contact, update): the third does not fit into the first 10 s
        Await.until("the event waits for HighLevel's budget", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.TaskCreate' "
                + "AND status = 'PENDING' AND last_error LIKE '%allows 2 requests per 10 s%'") == 1);
        assertTrue(ghl.findAll(anyRequestedFor(anyUrl())).size() <= 2, "never more than the budget: " + ghl.findAll(anyRequestedFor(anyUrl())).size());

        Await.until("the task gets its issue URL once the budget is back", java.time.Duration.ofSeconds(60), () ->
                ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size() == 1);
        bridge.awaitInboxDrained();
        gitlab.verify(1, postRequestedFor(urlEqualTo("/api/v4/projects/42/issues")));
    }
}
