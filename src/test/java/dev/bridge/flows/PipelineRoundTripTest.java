package dev.bridge.flows;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * F11 then F10, through the real flows only: a tag added to a contact triggers a pipeline; that pipeline fails, is
 * retried and passes; the contact gets one alarm and one "fixed" note, and HighLevel's NoteCreate echoes of them
 * travel nowhere.
 */
class PipelineRoundTripTest extends BridgeTest {

    static final String CID = "roundTripContact0001";
    static final String TRIGGER = "/api/v4/projects/42/trigger/pipeline";
    static final String NOTES = "/contacts/" + CID + "/notes";
    static final String PIPELINES = "https://gitlab.example.com/acme/support/-/pipelines/";

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.changed(mapping -> mapping.replace("\n  for: linked-tasks\n", "\n  for: all\n") + """

                pipelines:
                  triggers:
                    - name: provision
                      when: { tagAdded: provision }
                      ref: main
                      variables: { CUSTOMER_ID: "{{id}}" }
                  reports:
                    refs: [main]
                    pipeline:
                      failed: { note: "Your setup failed; we are on it: {{url}}" }
                      fixed:  { note: "Your setup is done: {{url}}" }
                """);
        startBridge(p -> {
            p.put("bridge.mapping-file", file.toString());
            p.put("gitlab.trigger-token.provision", "glptt-round-trip-token-0000001");
        });
    }

    @Test
    void the_pipeline_triggered_for_a_contact_reports_back_to_it_once_failed_once_fixed() throws Exception {
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Webhooks.fixture("gitlab/trigger-pipeline-response.json", Map.of("pipelineId", "7001", "projectId", "42")))));
        ghl.stubFor(post(urlEqualTo(NOTES)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"note\":{\"id\":\"roundTripNote0001\",\"body\":\"x\"}}")));

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", CID,
                "webhookId", UUID.randomUUID().toString(), "tags", "[\"provision\"]"))).statusCode());
        bridge.awaitInboxDrained();
        gitlab.verify(1, postRequestedFor(urlEqualTo(TRIGGER)));

        // GitLab runs it: it fails, a job is retried, the same pipeline passes; each hook comes twice
        for (String status : new String[] {"running", "failed", "failed", "running", "success", "success"}) {
            assertEquals(200, webhooks.gitlab("Pipeline Hook", Webhooks.fixture("gitlab/pipeline-hook.json", Map.of("pipelineId", "7001",
                    "ref", "main", "status", status, "source", "trigger", "mergeRequest", "null", "projectId", "42"))).statusCode());
            bridge.awaitInboxDrained();
        }

        String alarm = "Your setup failed; we are on it: " + PIPELINES + "7001";
        String fixed = "Your setup is done: " + PIPELINES + "7001";
        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)).withRequestBody(equalToJson("{\"body\":" + Stubs.json(alarm) + "}")));
        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)).withRequestBody(equalToJson("{\"body\":" + Stubs.json(fixed) + "}")));
        ghl.verify(2, postRequestedFor(urlEqualTo(NOTES)));

        // HighLevel tells the bridge about both notes: they are its own, so nothing goes to GitLab (F4 would copy a person's)
        int gitlabCalls = gitlab.getAllServeEvents().size();
        for (String body : new String[] {alarm, fixed}) {
            assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/NoteCreate.json", Map.of("type", "NoteCreate", "noteId", "roundTripNote0001",
                    "contactId", CID, "body", body))).statusCode());
        }
        bridge.awaitInboxDrained();
        assertEquals(gitlabCalls, gitlab.getAllServeEvents().size(), "the bridge's own notes do not travel back");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters"));
    }

    @Test
    void a_pipeline_that_fails_before_gitlab_answers_the_trigger_still_reports_to_its_contact() throws Exception {
        String contact = "fastFailContact0001";
        String notes = "/contacts/" + contact + "/notes";
        // GitLab makes pipeline 7101, which fails at once (a CI config error); the trigger's answer comes 3 s later
        gitlab.stubFor(post(urlEqualTo(TRIGGER)).willReturn(aResponse().withStatus(201).withFixedDelay(3000).withHeader("Content-Type", "application/json")
                .withBody(Webhooks.fixture("gitlab/trigger-pipeline-response.json", Map.of("pipelineId", "7101", "projectId", "42")))));
        ghl.stubFor(post(urlEqualTo(notes)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"note\":{\"id\":\"fastFailNote0001\",\"body\":\"x\"}}")));
        String webhookId = UUID.randomUUID().toString();
        String triggerId = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(("pipeline:ghl:" + webhookId + ":provision").getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 8);

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", contact,
                "webhookId", webhookId, "tags", "[\"provision\"]"))).statusCode());
        dev.bridge.support.Await.until("the trigger started", () -> bridge.count("SELECT COUNT(*) FROM effects WHERE effect_key LIKE 'pipeline:ghl:" + webhookId + "%'") == 1);
        String hook = Webhooks.fixture("gitlab/pipeline-hook.json", Map.of("pipelineId", "7101", "ref", "main", "status", "failed",
                "source", "trigger", "mergeRequest", "null", "projectId", "42"))
                .replace("{\"key\": \"NESTOR_PROD_ENVIRONMENT\", \"value\": \"us-west-1\"}", "{\"key\": \"BRIDGE_TRIGGER_ID\", \"value\": \"" + triggerId + "\"}");
        assertEquals(200, webhooks.gitlab("Pipeline Hook", hook).statusCode());
        bridge.awaitInboxDrained();

        gitlab.verify(1, postRequestedFor(urlEqualTo(TRIGGER)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(triggerId)));
        ghl.verify(1, postRequestedFor(urlEqualTo(notes)).withRequestBody(equalToJson("{\"body\":"
                + Stubs.json("Your setup failed; we are on it: " + PIPELINES + "7101") + "}")));
    }
}
