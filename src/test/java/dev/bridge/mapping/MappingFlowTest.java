package dev.bridge.mapping;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mapping file decides what the flows write: directions per field, labels, the contact block and the issue-URL
 * line. Here: title changes travel HighLevel -> GitLab only, due dates are written only when the issue is made, text changes GitLab -> HighLevel only.
 */
class MappingFlowTest extends BridgeTest {

    static final String TEXT = "Customer cannot log in since Monday";
    static final String ISSUES = "/api/v4/projects/42/issues";

    @BeforeAll
    static void start() throws Exception {
        Path mapping = Files.createDirectories(Path.of("target", "mapping", UUID.randomUUID().toString())).resolve("mapping.yaml");
        Files.writeString(mapping, """
                tasks:
                  fields:
                    title:     { gitlab: title,       direction: to-gitlab }
                    body:      { gitlab: description, direction: to-ghl }
                    dueDate:   { gitlab: due_date,    direction: on-create }
                    completed: { gitlab: state,       direction: both }
                  newIssue:
                    labels: [highlevel, "customer::support"]
                    contactBlock: |
                      ### Customer
                      {{name}} ({{companyName}}) · {{email}} · {{phone}}
                      Industry: {{custom.industryField01}}
                      Open in HighLevel: {{url}}
                  taskBody:
                    issueUrlLine: "Tracked in GitLab at {{url}}"
                  taskDeleted:
                    comment: Gone from HighLevel.
                """);
        startBridge(p -> p.put("bridge.mapping-file", mapping.toString()));
    }

    private static String url(int iid) {
        return "https://gitlab.example.com/acme/support/-/issues/" + iid;
    }

    private void linkedTask(String taskId, int iid) throws Exception {
        Stubs.gitlabCreate(gitlab, iid, "Login broken for Acme", TEXT);
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", TEXT + "\n\nTracked in GitLab at " + url(iid), false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
    }

    @Test
    void a_new_issue_gets_the_mapped_labels_and_contact_block_and_the_task_the_mapped_url_line() throws Exception {
        String taskId = "mappedCreate00000001";
        linkedTask(taskId, 201);

        String description = TEXT + "\n\n### Customer\n"
                + "Rubika Deo (DGS VolMAX) · rubika@deos.com · +18832327657\n"
                + "Industry: Logistics\n"
                + "Open in HighLevel: https://app.gohighlevel.com/v2/location/ve9EPM428h8vShlRW1KT/contacts/detail/CWBf1PR9LvvBkcYqiXlc\n\n"
                + "<!-- ghl-gitlab-bridge:task:" + taskId + " -->";
        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES)).withRequestBody(equalToJson("{\"title\":\"Login broken for Acme\",\"description\":"
                + Stubs.json(description) + ",\"due_date\":\"2026-12-24\",\"labels\":\"highlevel,customer::support\"}")));
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json(TEXT + "\n\nTracked in GitLab at " + url(201)) + "}")));
    }

    @Test
    void an_issue_edit_sends_only_what_travels_to_highlevel() throws Exception {
        String taskId = "mappedIssueEdit00001";
        linkedTask(taskId, 202);
        ghl.resetRequests();
        // new title (to-gitlab only), new due date (on-create only), new text (to-ghl): only the text is sent
        String hook = Webhooks.fixture("gitlab/issue-hook-update.json", Map.of("iid", "202", "title", "Renamed in GitLab", "due", "2027-01-15",
                "description", "Now also on Safari\\n\\n### Customer\\nRubika Deo"));
        assertEquals(200, webhooks.gitlab("Issue Hook", hook).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(1, ghl.findAll(anyRequestedFor(anyUrl())).size());
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json("Now also on Safari\n\nTracked in GitLab at " + url(202)) + "}")));
    }

    @Test
    void a_completion_sends_the_title_edited_in_highlevel_but_not_the_due_date() throws Exception {
        String taskId = "mappedComplete000001";
        linkedTask(taskId, 203);
        gitlab.resetRequests();
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/203")).willReturn(Stubs.okJson(Stubs.issueJson(203, "Login broken for Acme (Beta)", "closed", TEXT))));
        String complete = Webhooks.fixture("ghl/TaskComplete.json", Map.of("taskId", taskId))
                .replace("\"title\":\"Login broken for Acme\"", "\"title\":\"Login broken for Acme (Beta)\"")
                .replace("2026-12-24T12:00:00.000Z", "2027-02-01T12:00:00.000Z");

        assertEquals(200, webhooks.ghl(complete).statusCode());
        bridge.awaitInboxDrained();

        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/203")).withRequestBody(equalToJson("{\"title\":\"Login broken for Acme (Beta)\"}")));
        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/203")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
        assertEquals(2, gitlab.findAll(anyRequestedFor(anyUrl())).size());
    }
}
