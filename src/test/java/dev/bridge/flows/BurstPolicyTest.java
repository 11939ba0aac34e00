package dev.bridge.flows;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.LogLines;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While webhooks pour in, flows yield, but an event never waits longer than the configured age before flows run again. */
class BurstPolicyTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> {
            p.put("bridge.dispatcher.burst-per-second", "5");
            p.put("bridge.dispatcher.workers-during-burst", "0");
            p.put("bridge.dispatcher.max-event-age-seconds", "2");
        });
    }

    private static int round(int sent) throws Exception {
        // about 20 webhooks/s: a burst for the policy (over 5/s), well within what the flows can do
        for (int i = 0; i < 2; i++) {
            assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", "burstTask" + (sent++)))).statusCode());
        }
        Thread.sleep(100);
        return sent;
    }

    @Test
    void a_burst_that_does_not_end_still_lets_the_oldest_events_run() throws Exception {
        // each create answers a new issue number
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/42/issues")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody(Webhooks.fixture("gitlab/issue-response.json", Map.of("iid", "{{randomInt lower=1000 upper=2000000000}}",
                        "title", "Login broken for Acme", "state", "opened", "description", "\"d\"")))));
        ghl.stubFor(put(urlPathMatching("/contacts/" + Stubs.CONTACT_ID + "/tasks/[^/]+"))
                .willReturn(Stubs.okJson(Stubs.taskJson("t", "Login broken for Acme", "d", false))));

        try (LogLines log = LogLines.capture()) {
            // a second of webhooks over 5/s: the bridge is in a burst
            int sent = 0;
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                sent = round(sent);
            }
            long lastBeforeBurst = bridge.count("SELECT MAX(id) FROM inbox");
            // keep it in the burst until an event that arrived during it has run, for at most 60 s
            long deadline = System.nanoTime() + 60_000_000_000L;
            long ranDuringBurst = 0;
            while (ranDuringBurst == 0 && System.nanoTime() < deadline) {
                sent = round(sent);
                ranDuringBurst = bridge.count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE' AND id > ?", lastBeforeBurst);
            }
            assertTrue(ranDuringBurst > 0, "no event that arrived during the burst ran, after " + sent + " webhooks");
            // the policy's own word that the burst began and had not ended: once the oldest event opens all workers,
            // fast flows may empty the inbox before it is counted, so PENDING rows prove nothing either way
            assertEquals(1, log.containing("Webhooks arrive faster than 5/s").size(), "the burst began: " + log.containing("urst"));
            assertEquals(List.of(), log.containing("Burst over"), "the burst was still on");
        }
        bridge.awaitInboxDrained();
    }
}
