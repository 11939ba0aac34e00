package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pipeline triggers are paced per project (GitLab.com allows 25 new pipelines a minute): past the budget, the event waits in the inbox. */
class PipelineTriggerPacingTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        var file = MappingFiles.changed(mapping -> mapping + """

                pipelines:
                  triggers:
                    - name: provision
                      when: { tagAdded: provision }
                      ref: main
                    - name: audit
                      when: { tagAdded: audit }
                      project: 7
                      ref: main
                """);
        startBridge(p -> {
            p.put("bridge.mapping-file", file.toString());
            p.put("gitlab.trigger-token.provision", "glptt-pacing-test-token-00000001");
            p.put("gitlab.trigger-token.audit", "glptt-pacing-test-token-00000002");
            p.put("gitlab.pipeline-triggers-per-minute", "1");
            p.put("bridge.retry.max-in-memory-wait-ms", "0");
            p.put("bridge.retry.max-redeliveries", "0");
        });
    }

    private static void tagged(String contactId, String tag) {
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", contactId,
                "webhookId", UUID.randomUUID().toString(), "tags", "[\"" + tag + "\"]"))).statusCode());
    }

    @Test
    void a_trigger_past_its_projects_budget_waits_in_the_inbox_and_another_projects_trigger_does_not() throws Exception {
        for (String project : new String[] {"42", "7"}) {
            gitlab.stubFor(post(urlEqualTo("/api/v4/projects/" + project + "/trigger/pipeline")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody(Webhooks.fixture("gitlab/trigger-pipeline-response.json",
                            Map.of("pipelineId", String.valueOf(UUID.randomUUID().getMostSignificantBits() & 0xffff), "projectId", project)))));
        }
        tagged("pacedContact00000001", "provision");
        tagged("pacedContact00000002", "provision");
        tagged("pacedContact00000003", "audit");

        Await.until("one trigger waits for project 42's budget", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = "
                + "'ghl.ContactTagUpdate' AND status = 'PENDING' AND last_error LIKE '%pipeline creation in project 42 allows 1 requests per 60 s%'") == 1);
        Await.until("the other two ran", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.ContactTagUpdate' AND status = 'DONE'") == 2);
        gitlab.verify(1, postRequestedFor(urlEqualTo("/api/v4/projects/42/trigger/pipeline")));
        gitlab.verify(1, postRequestedFor(urlEqualTo("/api/v4/projects/7/trigger/pipeline")));
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM pipeline_runs"));
    }
}
