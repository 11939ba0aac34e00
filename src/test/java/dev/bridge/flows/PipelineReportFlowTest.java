package dev.bridge.flows;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F10: pipeline results and merged merge requests reach the HighLevel contacts they concern (the contact a pipeline
 * was triggered for; the contacts linked to the issues a merge request closes or mentions), as pipelines.reports says:
 * one alarm while a build keeps failing, one "fixed" after it, nothing for late older pipelines or other refs and
 * projects, each note and task once however often a hook comes. Job Hooks stay acknowledged and ignored.
 */
class PipelineReportFlowTest extends BridgeTest {

    static final String MR_URL = "https://gitlab.example.com/acme/support/-/merge_requests/";
    static final String PIPELINE_URL = "https://gitlab.example.com/acme/support/-/pipelines/";
    static final String OWNER = "ownerUser0000000001";

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.changed(mapping -> mapping + """

                pipelines:
                  reports:
                    refs: [main]
                    pipeline:
                      failed: { note: "Build of {{ref}} failed: {{url}}\\nIssue: {{issue}}", tag: build-failed }
                      fixed:  { note: "Fixed: the build passes again ({{url}})", tag: build-fixed }
                    mergeRequestMerged:
                      note: "A fix for your request shipped: {{title}} ({{url}})"
                      task: { title: "Tell {{name}} the fix shipped", due: 1d }
                      tag: fix-shipped
                """);
        startBridge(p -> p.put("bridge.mapping-file", file.toString()));
    }

    @BeforeEach
    void ghlAnswers() {
        ghl.stubFor(post(urlPathMatching("/contacts/[^/]+/notes")).willReturn(created("{\"note\":{\"id\":\"reportNote01\",\"body\":\"x\"}}")));
        ghl.stubFor(post(urlPathMatching("/contacts/[^/]+/tasks")).willReturn(created("{\"task\":{\"id\":\"reportTask01\",\"title\":\"x\"}}")));
        ghl.stubFor(post(urlPathMatching("/contacts/[^/]+/tags")).willReturn(created("{\"tags\":[\"x\"]}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String body) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String pipeline(long id, String ref, String status, String mergeRequest, int project) {
        return Webhooks.fixture("gitlab/pipeline-hook.json", Map.of("pipelineId", String.valueOf(id), "ref", ref, "status", status,
                "source", mergeRequest.equals("null") ? "trigger" : "merge_request_event", "mergeRequest", mergeRequest,
                "projectId", String.valueOf(project)));
    }

    private static String mergeRequest(int iid, String action, String title, String description) {
        Map<String, String> values = new HashMap<>(Map.of("iid", String.valueOf(iid), "action", action, "title", title,
                "description", description, "state", "merge".equals(action) ? "merged" : "opened"));
        return Webhooks.fixture("gitlab/merge-request-hook.json", values);
    }

    /** F11's record that the bridge triggered this pipeline for this contact (F11 is not on this branch: plain SQL). */
    private static void triggeredFor(String contactId, String project, long pipelineId) throws Exception {
        try (Connection c = bridge.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_runs (gitlab_project, pipeline_id, contact_id, ref, trigger_name, created_at) "
                     + "VALUES (?, ?, ?, 'main', 'deploy-preview', ?)")) {
            ps.setString(1, project);
            ps.setLong(2, pipelineId);
            ps.setString(3, contactId);
            ps.setTimestamp(4, new Timestamp(System.currentTimeMillis()));
            ps.executeUpdate();
        }
    }

    /** F1 links a task of the fixtures' contact to issue {@code iid}. */
    private static void linkedTaskIssue(String taskId, int iid) throws Exception {
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/42/issues")).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId))
                .willReturn(created(Stubs.issueJson(iid, "Login broken for Acme", "opened", "x"))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
    }

    private static void send(String event, String body) throws Exception {
        assertEquals(200, webhooks.gitlab(event, body).statusCode());
        bridge.awaitInboxDrained();
    }

    private static int notes(String contactId, String text) {
        return ghl.findAll(postRequestedFor(urlEqualTo("/contacts/" + contactId + "/notes"))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json(text) + "}"))).size();
    }

    private static int tagged(String contactId, String tag) {
        return ghl.findAll(postRequestedFor(urlEqualTo("/contacts/" + contactId + "/tags"))
                .withRequestBody(equalToJson("{\"tags\":[\"" + tag + "\"]}"))).size();
    }

    private static int calls(String contactId) {
        return ghl.findAll(anyRequestedFor(urlPathMatching("/contacts/" + contactId + "/.*"))).size();
    }

    @Test
    void a_failure_then_a_pass_is_one_alarm_and_one_fixed_note_and_redelivered_hooks_double_nothing() throws Exception {
        String contact = "contactRuns00000001";
        for (long id : new long[] {101, 102, 103}) {
            triggeredFor(contact, "42", id);
        }
        String failed = pipeline(101, "main", "failed", "null", 42);
        send("Pipeline Hook", pipeline(101, "main", "running", "null", 42));
        send("Pipeline Hook", failed);
        send("Pipeline Hook", failed);
        // a second failure while the build is still failing: no second alarm
        send("Pipeline Hook", pipeline(102, "main", "failed", "null", 42));
        String passed = pipeline(103, "main", "success", "null", 42);
        send("Pipeline Hook", passed);
        send("Pipeline Hook", passed);

        assertEquals(1, notes(contact, "Build of main failed: " + PIPELINE_URL + "101"));
        assertEquals(1, notes(contact, "Fixed: the build passes again (" + PIPELINE_URL + "103)"));
        assertEquals(2, ghl.findAll(postRequestedFor(urlEqualTo("/contacts/" + contact + "/notes"))).size());
        // a tag is added again by a repeated hook: harmless, HighLevel keeps one (the second failure adds none)
        assertEquals(2, tagged(contact, "build-failed"));
        assertEquals(2, tagged(contact, "build-fixed"));
        assertEquals(6, calls(contact), "no call beyond the two notes and the tags");
        assertTrue(bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.pipeline' AND entity_key = 'gitlab:pipeline:42:main'") >= 7,
                "one ref's pipelines share one entity, so they run one after another");
    }

    @Test
    void a_note_whose_answer_was_lost_after_highlevel_wrote_it_is_found_not_written_twice() throws Exception {
        String contact = "contactRuns00000004";
        triggeredFor(contact, "42", 501);
        String text = "Build of main failed: " + PIPELINE_URL + "501";
        // HighLevel writes the note but the answer is lost (503); it is in the contact's notes when the bridge looks
        ghl.stubFor(post(urlEqualTo("/contacts/" + contact + "/notes")).atPriority(1).willReturn(aResponse().withStatus(503)));
        ghl.stubFor(get(urlEqualTo("/contacts/" + contact + "/notes")).willReturn(Stubs.okJson(
                "{\"notes\":[{\"id\":\"older01\",\"body\":\"Called\"},{\"id\":\"written01\",\"body\":" + Stubs.json(text) + "}]}")));
        send("Pipeline Hook", pipeline(501, "main", "failed", "null", 42));

        assertEquals(1, notes(contact, text));
        ghl.verify(getRequestedFor(urlEqualTo("/contacts/" + contact + "/notes")));
        assertEquals(1, tagged(contact, "build-failed"), "the flow went on after it found the note");
        assertEquals("{\"id\":\"written01\",\"contactId\":\"" + contact + "\"}", bridge.query("SELECT result FROM effects WHERE effect_key = ?",
                "pipeline-report:42:501:failed:" + contact + ":note"));
    }

    @Test
    void a_late_hook_of_an_older_pipeline_changes_nothing() throws Exception {
        String contact = "contactRuns00000002";
        triggeredFor(contact, "42", 205);
        triggeredFor(contact, "42", 204);
        // 205 passes (no failure before: nothing configured for it), then 204's failure arrives late
        send("Pipeline Hook", pipeline(205, "main", "success", "null", 42));
        send("Pipeline Hook", pipeline(204, "main", "failed", "null", 42));
        assertEquals(0, calls(contact));
    }

    @Test
    void pipelines_of_other_refs_and_projects_and_unfinished_ones_reach_nobody() throws Exception {
        String contact = "contactRuns00000003";
        triggeredFor(contact, "42", 301);
        triggeredFor(contact, "43", 302);
        triggeredFor(contact, "42", 303);
        send("Pipeline Hook", pipeline(301, "feature/x", "failed", "null", 42));
        send("Pipeline Hook", pipeline(302, "main", "failed", "null", 43));
        send("Pipeline Hook", pipeline(303, "main", "canceled", "null", 42));
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void a_failed_pipeline_of_a_merge_request_reaches_the_contact_of_the_issue_it_closes() throws Exception {
        linkedTaskIssue("reportTask00000701", 701);
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42/merge_requests/17")).willReturn(Stubs.okJson(
                "{\"id\":9317,\"iid\":17,\"project_id\":42,\"title\":\"Fix login\",\"description\":\"Closes #701\",\"state\":\"opened\"}")));
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/merge_requests/17/closes_issues"))
                .willReturn(Stubs.okJson("[" + Stubs.issueJson(701, "Login broken for Acme", "opened", "x") + "]")));
        String mr = "{\"id\":9317,\"iid\":17,\"title\":\"Fix login\",\"source_branch\":\"fix-login\",\"source_project_id\":42,"
                + "\"target_branch\":\"main\",\"target_project_id\":42,\"state\":\"opened\",\"merge_status\":\"can_be_merged\","
                + "\"detailed_merge_status\":\"mergeable\",\"url\":\"" + MR_URL + "17\"}";
        send("Pipeline Hook", pipeline(401, "main", "failed", mr, 42));

        assertEquals(1, notes(Stubs.CONTACT_ID, "Build of main failed: " + PIPELINE_URL + "401\nIssue: Login broken for Acme"));
        assertEquals(1, tagged(Stubs.CONTACT_ID, "build-failed"));
    }

    @Test
    void a_merged_merge_request_closing_a_linked_issue_gives_its_contact_a_note_a_task_for_the_owner_and_a_tag_once() throws Exception {
        linkedTaskIssue("reportTask00000702", 702);
        ghl.stubFor(get(urlEqualTo("/contacts/" + Stubs.CONTACT_ID)).atPriority(1).willReturn(Stubs.okJson(
                Webhooks.fixture("ghl/contact-response.json", Map.of()).replace("\"type\":\"lead\"", "\"type\":\"lead\",\"assignedTo\":\"" + OWNER + "\""))));
        gitlab.stubFor(get(urlPathEqualTo("/api/v4/projects/42/merge_requests/21/closes_issues"))
                .willReturn(Stubs.okJson("[" + Stubs.issueJson(702, "Login broken for Acme", "closed", "x") + "]")));
        ghl.resetRequests();

        // opening it tells nobody anything
        send("Merge Request Hook", mergeRequest(21, "open", "Fix the login", "Closes #702"));
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());

        String merged = mergeRequest(21, "merge", "Fix the login", "Closes #702");
        send("Merge Request Hook", merged);
        send("Merge Request Hook", merged);

        assertEquals(1, notes(Stubs.CONTACT_ID, "A fix for your request shipped: Fix the login (" + MR_URL + "21)"));
        assertEquals(1, ghl.findAll(postRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks"))).size());
        ghl.verify(postRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks"))
                .withRequestBody(matchingJsonPath("$.title", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Tell Rubika Deo the fix shipped")))
                .withRequestBody(matchingJsonPath("$.body", com.github.tomakehurst.wiremock.client.WireMock.equalTo(MR_URL + "21")))
                .withRequestBody(matchingJsonPath("$.assignedTo", com.github.tomakehurst.wiremock.client.WireMock.equalTo(OWNER)))
                .withRequestBody(matchingJsonPath("$.completed", com.github.tomakehurst.wiremock.client.WireMock.equalTo("false")))
                .withRequestBody(matchingJsonPath("$.dueDate")));
        assertEquals(2, tagged(Stubs.CONTACT_ID, "fix-shipped"), "adding a tag twice is harmless: GHL keeps one");
    }

    @Test
    void a_merged_merge_request_mentioning_a_linked_issue_reaches_its_contact_and_an_unlinked_issue_reaches_nobody() throws Exception {
        linkedTaskIssue("reportTask00000703", 703);
        ghl.stubFor(get(urlEqualTo("/contacts/" + Stubs.CONTACT_ID)).atPriority(1).willReturn(Stubs.okJson(
                Webhooks.fixture("ghl/contact-response.json", Map.of()))));
        gitlab.stubFor(get(urlPathMatching("/api/v4/projects/42/merge_requests/2[23]/closes_issues")).willReturn(Stubs.okJson("[]")));
        ghl.resetRequests();

        // other/project#703 and !703 are not this project's issue 703; #9999 is linked to nothing
        send("Merge Request Hook", mergeRequest(22, "merge", "Harden sessions", "Other work: other/project#703, !703, #9999"));
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());

        send("Merge Request Hook", mergeRequest(23, "merge", "Harden sessions", "Found while working on #703."));
        assertEquals(1, notes(Stubs.CONTACT_ID, "A fix for your request shipped: Harden sessions (" + MR_URL + "23)"));
        ghl.verify(1, postRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks")).withRequestBody(
                matchingJsonPath("$.title", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Tell Rubika Deo the fix shipped"))));
        ghl.verify(0, postRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks")).withRequestBody(matchingJsonPath("$.assignedTo")));
    }

    @Test
    void a_job_hook_is_acknowledged_and_ignored() throws Exception {
        send("Job Hook", Webhooks.fixture("gitlab/job-hook.json", Map.of()));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.build' AND status = 'IGNORED'"));
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size());
    }
}
