package dev.bridge.flows;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.LabelHooks;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A label rule triggers a pipeline (F11 through a rule): once per label event, with the contact's values; and a tag the
 * bridge adds itself (a rule's add-tag) never counts as added, so a tag trigger cannot fire from the bridge's own write.
 */
class LabelRulePipelineTest extends BridgeTest {

    static final String CID = Stubs.CONTACT_ID;
    static final String TOKEN = "glptt-rule-test-token-000000001";
    static final String TRIGGER = "/api/v4/projects/42/trigger/pipeline";

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.changed(mapping -> mapping + """

                labelRules:
                  - when: { added: "Deploy preview" }
                    do:
                      - pipeline: preview
                  - when: { added: "VIP" }
                    do:
                      - add-tag: vip
                pipelines:
                  triggers:
                    - name: preview
                      ref: main
                      variables: { CUSTOMER_ID: "{{id}}", CUSTOMER_EMAIL: "{{email}}" }
                    - name: vip-setup
                      when: { tagAdded: vip }
                      ref: main
                """);
        startBridge(p -> {
            p.put("bridge.mapping-file", file.toString());
            p.put("gitlab.trigger-token.preview", TOKEN);
            p.put("gitlab.trigger-token.vip-setup", TOKEN);
            // one quick redelivery, then the event waits in the inbox for its next attempt
            p.put("bridge.retry.max-redeliveries", "1");
            p.put("bridge.retry.initial-delay-ms", "200");
            p.put("bridge.retry.max-delay-ms", "800");
            p.put("bridge.retry.max-in-memory-wait-ms", "500");
        });
    }

    @Test
    void a_label_rule_triggers_its_pipeline_once_per_label_event() throws Exception {
        linkedTask("rulePipeTask00000001", 901);
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Webhooks.fixture("gitlab/trigger-pipeline-response.json", Map.of("pipelineId", "3001", "projectId", "42")))));

        String hook = hook(901, List.of("highlevel"), List.of("highlevel", "Deploy preview"));
        send(hook, UUID.randomUUID().toString());
        send(hook, UUID.randomUUID().toString()); // GitLab sends it again as a new delivery

        List<LoggedRequest> triggers = gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER)));
        assertEquals(1, triggers.size(), "one pipeline for one label event");
        String body = triggers.get(0).getBodyAsString();
        assertTrue(body.contains("\"token\":\"" + TOKEN + "\"") && body.contains("\"ref\":\"main\"") && body.contains("\"CUSTOMER_ID\":\"" + CID + "\""), body);
        assertFalse(triggers.get(0).getUrl().contains(TOKEN), "the token is never in the URL");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE contact_id = ? AND pipeline_id = 3001", CID));
    }

    @Test
    void a_tag_the_bridge_adds_itself_triggers_nothing_when_its_echo_comes_back() throws Exception {
        linkedTask("rulePipeTask00000002", 902);
        ghl.stubFor(post(urlEqualTo("/contacts/" + CID + "/tags")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"tags\":[\"vip\"]}")));
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Webhooks.fixture("gitlab/trigger-pipeline-response.json", Map.of("pipelineId", "3002", "projectId", "42")))));

        send(hook(902, List.of("highlevel"), List.of("highlevel", "VIP")), UUID.randomUUID().toString());
        ghl.verify(1, postRequestedFor(urlEqualTo("/contacts/" + CID + "/tags")));
        // HighLevel's ContactTagUpdate for the bridge's own tag
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", CID,
                "webhookId", UUID.randomUUID().toString(), "tags", "[\"vip\"]"))).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(0, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER))).size(), "the bridge's own tag is no tag event");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters"));
    }

    @Test
    void a_rule_whose_trigger_gitlab_refuses_for_a_while_is_retried_from_the_inbox_not_dropped() throws Exception {
        linkedTask("rulePipeTask00000003", 903);
        // GitLab is down for three answers, then makes the pipeline; nothing was made by the failed attempts
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).inScenario("down").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("down2"));
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).inScenario("down").whenScenarioStateIs("down2").willReturn(aResponse().withStatus(503))
                .willSetStateTo("down3"));
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).inScenario("down").whenScenarioStateIs("down3").willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).inScenario("down").whenScenarioStateIs("up").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(Webhooks.fixture("gitlab/trigger-pipeline-response.json", Map.of("pipelineId", "3003", "projectId", "42")))));
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/pipelines")).willReturn(Stubs.okJson("[]")));

        send(hook(903, List.of("highlevel"), List.of("highlevel", "Deploy preview")), UUID.randomUUID().toString());

        assertEquals(4, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER))).size(), "three refusals, then the pipeline");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE pipeline_id = 3003"));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters"));
        assertTrue(bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.issue' AND attempts > 1") >= 1,
                "the event went back to the inbox between attempts");
    }

    /** F1: the fixtures' task gets issue {@code iid}. */
    private void linkedTask(String taskId, int iid) throws Exception {
        Stubs.gitlabCreate(gitlab, iid, "Preview for Acme", "Please deploy a preview");
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/issues")).willReturn(Stubs.okJson("[]")));
        Stubs.ghlTaskUpdates(ghl, taskId, "Preview for Acme", "Please deploy a preview", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'task' AND ghl_id = ?", taskId), "task linked");
    }

    private static String hook(int iid, List<String> previous, List<String> current) {
        return LabelHooks.changed(iid, "Preview for Acme", "Please deploy a preview", previous, current);
    }

    private void send(String hook, String deliveryId) throws Exception {
        assertEquals(200, webhooks.gitlab("Issue Hook", hook, deliveryId).statusCode());
        bridge.awaitInboxDrained();
    }
}
