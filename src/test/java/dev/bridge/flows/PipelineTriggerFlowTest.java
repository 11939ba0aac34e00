package dev.bridge.flows;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.LogLines;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.bridge.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F11: a tag added to a contact triggers the configured GitLab pipeline once per tag event (token, ref and the
 * contact's variables in the body), found again after a timeout, never twice on redelivery or replay; GitLab's
 * refusals are dead letters that say what they mean, without the token; a tag that stays triggers nothing.
 */
class PipelineTriggerFlowTest extends BridgeTest {

    static final String PROVISION_TOKEN = "glptt-provision-test-token-0001";
    static final String AUDIT_TOKEN = "glptt-audit-test-token-00000002";
    static final String TRIGGER_42 = "/api/v4/projects/42/trigger/pipeline";
    static final String TRIGGER_7 = "/api/v4/projects/7/trigger/pipeline";

    @BeforeAll
    static void start() throws Exception {
        var file = MappingFiles.changed(mapping -> mapping + """

                pipelines:
                  triggers:
                    - name: provision
                      when: { tagAdded: Provision }
                      ref: main
                      variables: { CUSTOMER_ID: "{{id}}", CUSTOMER_EMAIL: "{{email}}", CUSTOMER_NAME: "{{name}}", CUSTOMER_FAX: "{{custom.fax}}" }
                    - name: audit
                      when: { tagAdded: audit }
                      project: 7
                      ref: release
                      variables: { CUSTOMER_ID: "{{id}}" }
                """);
        startBridge(p -> {
            p.put("bridge.mapping-file", file.toString());
            p.put("gitlab.trigger-token.provision", PROVISION_TOKEN);
            p.put("gitlab.trigger-token.audit", AUDIT_TOKEN);
            // a trigger GitLab answers too late has timed out
            p.put("bridge.http.read-timeout-ms", "1500");
        });
    }

    private static String tagEvent(String contactId, String webhookId, String... tags) {
        StringBuilder list = new StringBuilder("[");
        for (String t : tags) {
            list.append(list.length() > 1 ? "," : "").append(Stubs.json(t));
        }
        return Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", contactId, "webhookId", webhookId, "tags", list + "]"));
    }

    private static void send(String event) throws Exception {
        assertEquals(200, webhooks.ghl(event).statusCode());
        bridge.awaitInboxDrained();
    }

    /** GitLab makes pipeline {@code id} but answers after the bridge's read timeout. */
    private static void madeAfterTheTimeout(long id) {
        gitlab.stubFor(post(urlEqualTo(TRIGGER_42)).willReturn(aResponse().withStatus(201).withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody(pipeline(id, 42))));
    }

    private static String pipeline(long id, long project) {
        return Webhooks.fixture("gitlab/trigger-pipeline-response.json", Map.of("pipelineId", String.valueOf(id), "projectId", String.valueOf(project)));
    }

    private static MappingBuilder created(MappingBuilder trigger, long id, long project) {
        return trigger.willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(pipeline(id, project)));
    }

    /** What an earlier attempt would be found by: GitLab's trigger pipelines on the ref. */
    private static void listed(long project, String ref, String pipelines) {
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/" + project + "/pipelines")).withQueryParam("source", equalTo("trigger"))
                .withQueryParam("ref", equalTo(ref)).withQueryParam("updated_after", matching("\\d{4}-.+Z"))
                .withHeader("PRIVATE-TOKEN", equalTo("glpat-test-gitlab-token-1234")).willReturn(Stubs.okJson(pipelines)));
    }

    /** The id the bridge gives an attempt: a short hash of the effect's key (pipeline:<event key>:<trigger>). */
    private static String triggerId(String webhookId, String trigger) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(("pipeline:ghl:" + webhookId + ":" + trigger).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    private static long runs(String contactId) throws Exception {
        return bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE contact_id = ?", contactId);
    }

    @Test
    void an_added_tag_triggers_one_pipeline_with_token_ref_and_contact_variables_in_the_body_and_a_tag_that_stays_triggers_none() throws Exception {
        String cid = "pipeContact000000001";
        gitlab.stubFor(created(post(urlEqualTo(TRIGGER_42)), 257, 42));
        String webhookId = UUID.randomUUID().toString();

        send(tagEvent(cid, webhookId, "Provision", "vip"));

        List<LoggedRequest> posts = gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_42)));
        assertEquals(1, posts.size());
        LoggedRequest post = posts.get(0);
        assertEquals(TRIGGER_42, post.getUrl(), "nothing in the URL");
        assertFalse(post.containsHeader("PRIVATE-TOKEN"), "the trigger token is the only credential");
        gitlab.verify(postRequestedFor(urlEqualTo(TRIGGER_42)).withHeader("Content-Type", containingJson())
                .withRequestBody(matchingJsonPath("$.token", equalTo(PROVISION_TOKEN)))
                .withRequestBody(matchingJsonPath("$.ref", equalTo("main")))
                .withRequestBody(matchingJsonPath("$.variables.CUSTOMER_ID", equalTo(cid)))
                .withRequestBody(matchingJsonPath("$.variables.CUSTOMER_EMAIL", equalTo("john@example.com")))
                .withRequestBody(matchingJsonPath("$.variables.CUSTOMER_NAME", equalTo("John Doe")))
                .withRequestBody(matchingJsonPath("$.variables.BRIDGE_TRIGGER_ID", equalTo(triggerId(webhookId, "provision")))));
        assertFalse(post.getBodyAsString().contains("CUSTOMER_FAX"), "a variable without a value is left out: " + post.getBodyAsString());
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE gitlab_project = '42' AND pipeline_id = 257 AND contact_id = ? "
                + "AND ref = 'main' AND trigger_name = 'provision'", cid));

        // the same delivery again, a new delivery of the same tags, and another tag added while provision stays
        send(tagEvent(cid, webhookId, "Provision", "vip"));
        send(tagEvent(cid, UUID.randomUUID().toString(), "Provision", "vip"));
        send(tagEvent(cid, UUID.randomUUID().toString(), "provision", "vip", "newsletter"));

        assertEquals(1, gitlab.findAll(postRequestedFor(urlMatchingTrigger())).size());
        assertEquals(1, runs(cid));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    @Test
    void a_trigger_that_times_out_after_gitlab_made_the_pipeline_is_found_by_its_variable_and_not_made_twice() throws Exception {
        String cid = "pipeContact000000002";
        String webhookId = UUID.randomUUID().toString();
        madeAfterTheTimeout(258);
        // another trigger pipeline on main (made by someone else) and the one the timed-out attempt made
        listed(42, "main", "[" + pipeline(300, 42) + "," + pipeline(258, 42) + "]");
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42/pipelines/300/variables")).willReturn(Stubs.okJson(
                "[{\"variable_type\":\"env_var\",\"key\":\"BRIDGE_TRIGGER_ID\",\"value\":\"0000000000000000\"}]")));
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42/pipelines/258/variables")).willReturn(Stubs.okJson(
                "[{\"variable_type\":\"env_var\",\"key\":\"CUSTOMER_ID\",\"value\":\"" + cid + "\"},"
                        + "{\"variable_type\":\"env_var\",\"key\":\"BRIDGE_TRIGGER_ID\",\"value\":\"" + triggerId(webhookId, "provision") + "\"}]")));

        send(tagEvent(cid, webhookId, "provision"));

        assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_42))).size(), "one trigger: the retry found its pipeline");
        gitlab.verify(getRequestedFor(urlEqualTo("/api/v4/projects/42/pipelines/258/variables")));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE pipeline_id = 258 AND contact_id = ?", cid));
        assertEquals(1, runs(cid));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    @Test
    void the_search_after_a_timeout_reads_the_next_page_when_the_first_does_not_hold_the_pipeline() throws Exception {
        String cid = "pipeContact000000012";
        String webhookId = UUID.randomUUID().toString();
        madeAfterTheTimeout(262);
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/pipelines")).withQueryParam("ref", equalTo("main"))
                .withQueryParam("order_by", equalTo("id")).withQueryParam("sort", equalTo("asc")).withQueryParam("page", equalTo("1"))
                .willReturn(Stubs.okJson("[" + pipeline(261, 42) + "]").withHeader("X-Next-Page", "2")));
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/pipelines")).withQueryParam("ref", equalTo("main"))
                .withQueryParam("page", equalTo("2")).willReturn(Stubs.okJson("[" + pipeline(262, 42) + "]").withHeader("X-Next-Page", "")));
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42/pipelines/261/variables")).willReturn(Stubs.okJson("[]")));
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42/pipelines/262/variables")).willReturn(Stubs.okJson(
                "[{\"variable_type\":\"env_var\",\"key\":\"BRIDGE_TRIGGER_ID\",\"value\":\"" + triggerId(webhookId, "provision") + "\"}]")));

        send(tagEvent(cid, webhookId, "provision"));

        assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_42))).size(), "one trigger: the retry found its pipeline on page 2");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE pipeline_id = 262 AND contact_id = ?", cid));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    @Test
    void a_403_is_a_dead_letter_that_says_why_without_the_token_and_its_replay_triggers_only_what_was_not_triggered() throws Exception {
        String cid = "pipeContact000000003";
        gitlab.stubFor(created(post(urlEqualTo(TRIGGER_42)), 259, 42));
        gitlab.stubFor(post(urlEqualTo(TRIGGER_7)).inScenario("audit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody("{\"message\":\"403 Forbidden\"}")));
        listed(7, "release", "[]");

        try (LogLines logs = LogLines.capture()) {
            send(tagEvent(cid, UUID.randomUUID().toString(), "provision", "Audit"));

            assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_7))).size(), "a 403 is not retried");
            assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_42))).size());
            Object id = bridge.query("SELECT id FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%");
            String reason = (String) bridge.query("SELECT reason FROM dead_letters WHERE id = ?", id);
            assertTrue(reason.contains("HTTP 403") && reason.contains("loop guard") && reason.contains("token"), reason);
            assertEquals(403, ((Number) bridge.query("SELECT http_status FROM dead_letters WHERE id = ?", id)).intValue());
            String row = bridge.query("SELECT CONCAT(payload, reason, COALESCE(response_body, '')) FROM dead_letters WHERE id = ?", id).toString();
            assertFalse(row.contains(AUDIT_TOKEN) || row.contains(PROVISION_TOKEN), row);
            assertTrue(logs.containing(AUDIT_TOKEN).isEmpty() && logs.containing(PROVISION_TOKEN).isEmpty(), "no token in the log");

            // the trigger is allowed now: the replay triggers audit and not provision again
            gitlab.stubFor(created(post(urlEqualTo(TRIGGER_7)).inScenario("audit").whenScenarioStateIs("allowed"), 31, 7));
            gitlab.setScenarioState("audit", "allowed");
            HttpResponse<String> replay = bridge.adminPost("/admin/dead-letters/" + id + "/replay");
            assertEquals(200, replay.statusCode(), replay.body());
            bridge.awaitInboxDrained();
            until("the replayed trigger recorded", () -> runs(cid) == 2);
            assertEquals(1, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_42))).size(), "provision was triggered once");
            assertEquals(2, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_7))).size());
            assertEquals(1, bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE gitlab_project = '7' AND pipeline_id = 31 AND ref = 'release' "
                    + "AND trigger_name = 'audit' AND contact_id = ?", cid));
            assertEquals(1, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
        }
    }

    @Test
    void a_429_with_retry_after_is_tried_again_later_and_makes_one_pipeline() throws Exception {
        String cid = "pipeContact000000004";
        gitlab.stubFor(post(urlEqualTo(TRIGGER_42)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("free")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"429 Too Many Requests\"}")));
        gitlab.stubFor(created(post(urlEqualTo(TRIGGER_42)).inScenario("limit").whenScenarioStateIs("free"), 260, 42));
        listed(42, "main", "[]");

        send(tagEvent(cid, UUID.randomUUID().toString(), "provision"));

        until("the pipeline recorded", () -> runs(cid) == 1);
        assertEquals(2, gitlab.findAll(postRequestedFor(urlEqualTo(TRIGGER_42))).size());
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM pipeline_runs WHERE pipeline_id = 260 AND contact_id = ?", cid));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    @Test
    void tags_no_trigger_names_trigger_nothing() throws Exception {
        String cid = "pipeContact000000005";
        send(tagEvent(cid, UUID.randomUUID().toString(), "vip", "newsletter"));
        assertEquals(0, gitlab.findAll(postRequestedFor(urlMatchingTrigger())).size());
        assertEquals(0, runs(cid));
        assertNull(bridge.query("SELECT id FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    private static com.github.tomakehurst.wiremock.matching.UrlPattern urlMatchingTrigger() {
        return com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/api/v4/projects/.*/trigger/pipeline.*");
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern containingJson() {
        return com.github.tomakehurst.wiremock.client.WireMock.containing("application/json");
    }
}
