package dev.bridge.flows;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.bridge.effects.MemberWrites;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.LabelHooks;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * F8: labels on linked issues run the mapping's labelRules (complete the task, tags, a note), once per event: a repeated
 * hook, a retry after a timeout, the echo of the bridge's own label write and the task's TaskComplete echo do nothing more.
 */
class LabelRulesFlowTest extends BridgeTest {

    static final String CID = Stubs.CONTACT_ID;
    static final String ISSUES = "/api/v4/projects/42/issues";
    static final String TAGS = "/contacts/" + CID + "/tags";
    static final String NOTES = "/contacts/" + CID + "/notes";
    static final String USER = "bNl8QNGXhIQJLv8eeASQ";

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.changed(mapping -> mapping + """

                labelRules:
                  - when: { added: "Ready for QA" }
                    on: task-issues
                    do:
                      - complete-task
                      - add-tag: qa-ready
                      - remove-tag: in-progress
                      - note: "Hi {{firstName}}, your request {{issue}} is ready for QA: {{url}} ({{label}}, set by {{user}})"
                  - when: { removed: "Severity::High" }
                    do:
                      - remove-tag: urgent
                  - when: { added: "needs info" }
                    on: contact-issue
                    do:
                      - note: "{{name}}: {{user}} needs more information ({{issue}})"
                """);
        startBridge(p -> {
            p.put("bridge.mapping-file", file.toString());
            // a note POST that takes longer times out (and may have been written all the same)
            p.put("bridge.http.read-timeout-ms", "2000");
        });
    }

    @BeforeEach
    void standIns() {
        ghl.stubFor(post(urlEqualTo(TAGS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"tags\":[]}")));
        ghl.stubFor(delete(urlEqualTo(TAGS)).willReturn(Stubs.okJson("{\"tags\":[]}")));
        ghl.stubFor(post(urlEqualTo(NOTES)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"note\":{\"id\":\"ruleNote000000000001\",\"body\":\"x\"}}")));
    }

    @Test
    void an_added_label_completes_the_task_tags_the_contact_and_writes_one_note_and_no_echo_or_repeat_does_more() throws Exception {
        String taskId = "ruleTask000000000001";
        linkedTask(taskId, 801);
        ghl.stubFor(put(urlEqualTo("/contacts/" + CID + "/tasks/" + taskId + "/completed"))
                .willReturn(Stubs.okJson("{\"task\":" + Stubs.taskJson(taskId, "Login broken for Acme", "x", true) + "}")));
        ghl.resetRequests();
        gitlab.resetRequests();
        long deadBefore = bridge.count("SELECT COUNT(*) FROM dead_letters");

        String hook = hook(801, List.of("highlevel"), List.of("highlevel", "Ready for QA"));
        send(hook, UUID.randomUUID().toString());

        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + CID + "/tasks/" + taskId + "/completed")).withRequestBody(equalToJson("{\"completed\":true}")));
        ghl.verify(1, postRequestedFor(urlEqualTo(TAGS)).withRequestBody(equalToJson("{\"tags\":[\"qa-ready\"]}")));
        ghl.verify(1, deleteRequestedFor(urlEqualTo(TAGS)).withRequestBody(equalToJson("{\"tags\":[\"in-progress\"]}")));
        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)).withRequestBody(equalToJson("{\"body\":" + Stubs.json(
                "Hi Rubika, your request Login broken for Acme is ready for QA: https://gitlab.example.com/acme/support/-/issues/801 "
                        + "(Ready for QA, set by Jane Dev)") + "}")));
        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size(), "the rules write HighLevel only");
        // HighLevel's NoteCreate for the rule's note is the bridge's own: it does not travel to the contact's GitLab issue (F4)
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/NoteCreate.json", Map.of("type", "NoteCreate", "noteId", "ruleNote000000000001",
                "contactId", CID, "body", "Hi Rubika, your request Login broken for Acme is ready for QA: "
                        + "https://gitlab.example.com/acme/support/-/issues/801 (Ready for QA, set by Jane Dev)"))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size(), "the rule's note is not copied to GitLab");
        assertEquals(0, ghl.findAll(getRequestedFor(urlMatching(NOTES + "/.*"))).size(), "not even read: it is known as the bridge's");

        // GitLab delivers the hook again (same delivery id), and again as a new delivery: nothing more happens
        send(hook, "same-delivery-" + taskId);
        send(hook, "same-delivery-" + taskId);
        send(hook, UUID.randomUUID().toString());
        // the task's TaskComplete echo closes nothing: the issue stays open, as the rule meant
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        // a later edit of the issue (no label change) reopens nothing
        send(hook(801, List.of("highlevel", "Ready for QA"), List.of("highlevel", "Ready for QA")), UUID.randomUUID().toString());

        ghl.verify(1, putRequestedFor(urlMatching("/contacts/" + CID + "/tasks/" + taskId + "/completed")));
        ghl.verify(1, postRequestedFor(urlEqualTo(TAGS)));
        ghl.verify(1, deleteRequestedFor(urlEqualTo(TAGS)));
        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)));
        assertEquals(0, gitlab.findAll(putRequestedFor(urlMatching(ISSUES + "/801.*"))).size(), "the issue is neither closed nor edited");
        assertEquals(deadBefore, bridge.count("SELECT COUNT(*) FROM dead_letters"), "nothing failed");
    }

    @Test
    void a_removed_label_rule_runs_when_the_label_goes_not_when_it_comes() throws Exception {
        linkedTask("ruleTask000000000002", 802);
        ghl.resetRequests();

        send(hook(802, List.of("highlevel"), List.of("highlevel", "Severity::High")), UUID.randomUUID().toString());
        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching(TAGS))).size(), "adding it names no rule");

        send(hook(802, List.of("highlevel", "Severity::High"), List.of("highlevel")), UUID.randomUUID().toString());
        ghl.verify(1, deleteRequestedFor(urlEqualTo(TAGS)).withRequestBody(equalToJson("{\"tags\":[\"urgent\"]}")));
        assertEquals(1, ghl.findAll(anyRequestedFor(urlMatching(TAGS))).size());
    }

    @Test
    void labels_no_rule_names_and_labels_on_unlinked_issues_do_nothing() throws Exception {
        linkedTask("ruleTask000000000003", 803);
        ghl.resetRequests();

        send(hook(803, List.of("highlevel"), List.of("highlevel", "Frontend", "Ready for QA later")), UUID.randomUUID().toString());
        send(hook(9803, List.of(), List.of("Ready for QA")), UUID.randomUUID().toString());

        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/.*/(tags|notes|tasks/.*/completed)"))).size());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM known_members WHERE owner_key = ?", "gitlab:issue:42:9803:labels"),
                "an unlinked issue's labels are not even followed");
    }

    @Test
    void a_note_post_that_timed_out_after_highlevel_wrote_it_is_found_and_not_written_again() throws Exception {
        linkedTask("ruleTask000000000004", 804);
        String text = "Hi Rubika, your request Login broken for Acme is ready for QA: https://gitlab.example.com/acme/support/-/issues/804 "
                + "(Ready for QA, set by Jane Dev)";
        ghl.stubFor(put(urlEqualTo("/contacts/" + CID + "/tasks/ruleTask000000000004/completed"))
                .willReturn(Stubs.okJson("{\"task\":" + Stubs.taskJson("ruleTask000000000004", "Login broken for Acme", "x", true) + "}")));
        // HighLevel writes the note but answers too late; afterwards the contact's notes hold it
        ghl.stubFor(post(urlEqualTo(NOTES)).atPriority(1).inScenario("slow note").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"note\":{\"id\":\"slowNote000000000001\"}}").withFixedDelay(3500)).willSetStateTo("written"));
        ghl.stubFor(get(urlEqualTo(NOTES)).inScenario("slow note").whenScenarioStateIs("written").willReturn(Stubs.okJson(
                "{\"notes\":[{\"id\":\"oldNote0000000000001\",\"body\":" + Stubs.json(text) + ",\"dateAdded\":\"2026-01-01T00:00:00.000Z\","
                        + "\"contactId\":\"" + CID + "\"},{\"id\":\"slowNote000000000001\",\"body\":" + Stubs.json(text) + ",\"dateAdded\":\""
                        + Instant.now() + "\",\"contactId\":\"" + CID + "\"}]}")));
        ghl.resetRequests();
        long deadBefore = bridge.count("SELECT COUNT(*) FROM dead_letters");

        send(hook(804, List.of("highlevel"), List.of("highlevel", "Ready for QA")), UUID.randomUUID().toString());

        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)));
        assertEquals(1, ghl.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo(NOTES))).size(),
                "the retry looked once and found the note");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM effects WHERE state = 'DONE' AND effect_key LIKE ? AND result LIKE ?",
                "label-rule-note:%", "%slowNote000000000001%"), "the note found is recorded as the rule's");
        assertEquals(deadBefore, bridge.count("SELECT COUNT(*) FROM dead_letters"), "the event finished");
    }

    @Test
    void the_echo_of_the_bridges_own_label_write_runs_no_rule() throws Exception {
        linkedTask("ruleTask000000000005", 805);
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/805")).willReturn(Stubs.okJson(Stubs.issueJson(805, "Login broken for Acme", "opened", "x"))));
        // another flow of the bridge (tags to labels) adds the label the rule names
        MemberWrites writes = bridge.context().getRegistry().lookupByNameAndType("memberWrites", MemberWrites.class);
        writes.labels(Map.of("gitlabProject", 42, "gitlabIid", 805), Map.of("add", List.of("Ready for QA")), null);
        ghl.resetRequests();

        send(hook(805, List.of("highlevel"), List.of("highlevel", "Ready for QA")), UUID.randomUUID().toString());

        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/.*/(tags|notes|tasks/.*/completed)"))).size());
    }

    @Test
    void a_contact_issue_rule_runs_on_the_contacts_own_issue_and_task_rules_do_not() throws Exception {
        int iid = contactIssue();
        ghl.resetRequests();

        send(hook(iid, List.of("highlevel", "contact"), List.of("highlevel", "contact", "Needs Info", "Ready for QA")), UUID.randomUUID().toString());

        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)).withRequestBody(equalToJson("{\"body\":" + Stubs.json(
                "Rubika Deo: Jane Dev needs more information (Login broken for Acme)") + "}")));
        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/.*/(tags|tasks/.*)"))).size(), "the task rule is for task issues");
    }

    /** F1: the fixtures' task gets issue {@code iid}; the link keeps the issue's title, text, due day and state. */
    private void linkedTask(String taskId, int iid) throws Exception {
        Stubs.gitlabCreate(gitlab, iid, "Login broken for Acme", "Customer cannot log in since Monday");
        // a retried create first looks for the issue (a slow first answer of the stand-in can cause one)
        gitlab.stubFor(get(urlPathEqualTo(ISSUES)).willReturn(Stubs.okJson("[]")));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "Customer cannot log in since Monday", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'task' AND ghl_id = ?", taskId), "task linked");
    }

    /** F4: a note on the contact makes the contact's own issue (once for the class); its iid. */
    private int contactIssue() throws Exception {
        Object known = bridge.query("SELECT gitlab_iid FROM links WHERE kind = 'contact-issue' AND ghl_id = ?", CID);
        if (known != null) {
            return ((Number) known).intValue();
        }
        linkedTask("ruleTask000000000006", 806);
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:contact:" + CID)).atPriority(1)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(807, "Rubika Deo (HighLevel contact)", "opened", "x"))));
        gitlab.stubFor(post(urlEqualTo(ISSUES + "/807/notes")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":8071,\"body\":\"x\",\"system\":false}")));
        ghl.stubFor(get(urlEqualTo("/contacts/" + CID + "/notes/ruleContactNote00001")).willReturn(Stubs.okJson(Webhooks.fixture("ghl/note-response.json",
                Map.of("noteId", "ruleContactNote00001", "body", "Called", "userId", USER, "contactId", CID)))));
        ghl.stubFor(get(urlEqualTo("/users/" + USER)).willReturn(Stubs.okJson(Webhooks.fixture("ghl/user-response.json", Map.of("userId", USER)))));
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/NoteCreate.json", Map.of("type", "NoteCreate", "noteId", "ruleContactNote00001",
                "contactId", CID, "body", "Called"))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(807L, ((Number) bridge.query("SELECT gitlab_iid FROM links WHERE kind = 'contact-issue' AND ghl_id = ?", CID)).longValue());
        return 807;
    }

    private static String hook(int iid, List<String> previous, List<String> current) {
        return LabelHooks.changed(iid, "Login broken for Acme", "Customer cannot log in since Monday", previous, current);
    }

    private void send(String hook, String deliveryId) throws Exception {
        assertEquals(200, webhooks.gitlab("Issue Hook", hook, deliveryId).statusCode());
        bridge.awaitInboxDrained();
    }
}
