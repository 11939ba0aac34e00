package dev.bridge.flows;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.LogLines;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static dev.bridge.support.CrmStubs.GRAPHQL;
import static dev.bridge.support.CrmStubs.LOCATION;
import static dev.bridge.support.CrmStubs.byId;
import static dev.bridge.support.CrmStubs.contact;
import static dev.bridge.support.CrmStubs.created;
import static dev.bridge.support.CrmStubs.graphql;
import static dev.bridge.support.CrmStubs.group;
import static dev.bridge.support.CrmStubs.node;
import static dev.bridge.support.CrmStubs.requests;
import static dev.bridge.support.CrmStubs.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F6, second half: a contact's block on its GitLab issues follows the contact (one edit per issue, only when the block
 * changed), a deleted contact's issue is closed with one comment, the issues point to the CRM contact, and F1 takes a
 * known contact's values from its events instead of reading it. Every contact gets its own issue here (contactIssue.for: all).
 */
class ContactBlockFlowTest extends BridgeTest {

    static final String ISSUES = "/api/v4/projects/42/issues";
    static final String USER = "bNl8QNGXhIQJLv8eeASQ";
    static final String APP = "https://app.gohighlevel.com/v2/location/" + LOCATION + "/contacts/detail/";

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.changed(mapping -> mapping.replace("for: linked-tasks", "for: all"));
        startBridge(p -> {
            p.put("gitlab.group", "acme");
            p.put("bridge.mapping-file", file.toString());
        });
    }

    @BeforeEach
    void standIns() {
        gitlab.stubFor(graphql("contacts(search:").atPriority(10).willReturn(Stubs.okJson(group())));
        gitlab.stubFor(graphql("issueSetCrmContacts").willReturn(Stubs.okJson(
                "{\"data\":{\"issueSetCrmContacts\":{\"issue\":{\"id\":\"gid://gitlab/Issue/1\"},\"errors\":[]}}}")));
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42")).willReturn(Stubs.okJson("{\"id\":42,\"path_with_namespace\":\"acme/support\"}")));
        ghl.stubFor(get(urlEqualTo("/users/" + USER)).willReturn(Stubs.okJson(Webhooks.fixture("ghl/user-response.json", Map.of("userId", USER)))));
    }

    @Test
    void a_block_change_edits_the_contact_issue_and_both_task_issues_once_and_other_changes_edit_nothing() throws Exception {
        String cid = "blockContact00000001";
        ghlContact(cid, "Ann", "Lee", "ann@example.com");
        task(cid, "blockTask00000000001", 601, "First task");
        task(cid, "blockTask00000000002", 602, "Second task");
        assertEquals(2, ghl.findAll(getRequestedFor(urlEqualTo("/contacts/" + cid))).size(), "a contact never heard of is read for each task");
        contactIssue(cid, "blockNote00000000001", 603);

        String oldBlock = block("Ann Lee", "ann@example.com", cid);
        String newBlock = block("Ann Lee", "ann.new@example.com", cid);
        // GitLab holds what the bridge wrote, except that a person edited the second issue's text meanwhile
        issueNow(601, "First task\n\n" + oldBlock + "\n\n" + marker("task", "blockTask00000000001"));
        issueNow(602, "Second task, edited in GitLab\n\n" + oldBlock + "\n\n" + marker("task", "blockTask00000000002"));
        issueNow(603, oldBlock + "\n\n" + marker("contact", cid));
        gitlab.stubFor(put(urlMatching(ISSUES + "/60[123]")).willReturn(Stubs.okJson(Stubs.issueJson(601, "x", "opened", "x"))));
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(
                node("601", "Ann", "Lee", "ann.new@example.com", "+15550001", "Acme", "2026-01-01T00:00:00Z")))));
        gitlab.resetRequests();

        send(contact("ContactUpdate", cid, "Ann", "Lee", "ann.new@example.com", "+15550001", Instant.now()));

        assertDescription(601, "First task\n\n" + newBlock + "\n\n" + marker("task", "blockTask00000000001"));
        assertDescription(602, "Second task, edited in GitLab\n\n" + newBlock + "\n\n" + marker("task", "blockTask00000000002"));
        assertDescription(603, newBlock + "\n\n" + marker("contact", cid));
        // F6 linked the CRM contact: each of the three issues points to it
        List<LoggedRequest> sets = requests(gitlab, "issueSetCrmContacts");
        assertEquals(3, sets.size(), sets.toString());
        for (String iid : List.of("601", "602", "603")) {
            gitlab.verify(1, postRequestedFor(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.variables", equalToJson(
                    "{\"input\":{\"projectPath\":\"acme/support\",\"iid\":\"" + iid + "\",\"contactIds\":[\"gid://gitlab/CustomerRelations::Contact/601\"],"
                            + "\"operationMode\":\"APPEND\"}}"))));
        }

        // the company changed, the block did not: no issue is read or written, and the CRM contact is set on none again
        gitlab.stubFor(byId("gid://gitlab/CustomerRelations::Contact/601", node("601", "Ann", "Lee", "ann.new@example.com", "+15550001", "Acme",
                "2026-01-01T00:00:00Z")));
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson(updated(
                node("601", "Ann", "Lee", "ann.new@example.com", "+15550001", "Globex", "2026-01-02T00:00:00Z")))));
        gitlab.resetRequests();
        send(contact("ContactUpdate", cid, "Ann", "Lee", "ann.new@example.com", "+15550001", Instant.now().plusSeconds(5))
                .replace("\"Acme\"", "\"Globex\""));
        assertEquals(0, gitlab.findAll(anyRequestedFor(urlMatching(ISSUES + "/.*"))).size());
        assertEquals(0, requests(gitlab, "issueSetCrmContacts").size());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    @Test
    void the_issue_of_a_task_deleted_in_highlevel_keeps_its_block() throws Exception {
        String cid = "deletedTaskContact01";
        ghlContact(cid, "Eve", "Ash", "eve@example.com");
        task(cid, "keptTask000000000001", 641, "Kept task");
        task(cid, "goneTask000000000001", 642, "Gone task");
        gitlab.stubFor(post(urlEqualTo(ISSUES + "/642/notes")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":6420,\"body\":\"x\",\"system\":false}")));
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/642")).willReturn(Stubs.okJson(Stubs.issueJson(642, "x", "closed", "x"))));
        send(Webhooks.fixture("ghl/TaskDelete.json", Map.of("taskId", "goneTask000000000001")));
        assertEquals("deleted", bridge.query("SELECT ghl_state FROM links WHERE kind = 'task' AND ghl_id = ?", "goneTask000000000001"));
        issueNow(641, "Kept task\n\n" + block("Eve Ash", "eve@example.com", cid) + "\n\n" + marker("task", "keptTask000000000001"));
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/641")).willReturn(Stubs.okJson(Stubs.issueJson(641, "x", "opened", "x"))));
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(
                node("641", "Eve", "Ash", "eve.new@example.com", "+15550001", "Acme", "2026-01-01T00:00:00Z")))));
        gitlab.resetRequests();

        send(contact("ContactUpdate", cid, "Eve", "Ash", "eve.new@example.com", "+15550001", Instant.now()));

        assertDescription(641, "Kept task\n\n" + block("Eve Ash", "eve.new@example.com", cid) + "\n\n" + marker("task", "keptTask000000000001"));
        assertEquals(0, gitlab.findAll(anyRequestedFor(urlMatching(ISSUES + "/642.*"))).size(), "the deleted task's issue is left as it is");
    }

    @Test
    void a_deleted_contact_gets_its_issue_closed_with_one_comment_even_when_delivered_twice() throws Exception {
        String cid = "deletedContact000001";
        ghlContact(cid, "Bob", "Roe", "bob@example.com");
        contactIssue(cid, "deleteNote0000000001", 611);
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/611")).willReturn(Stubs.okJson(Stubs.issueJson(611, "x", "closed", "x"))));
        gitlab.resetRequests();

        send(contact("ContactDelete", cid, "Bob", "Roe", "bob@example.com", null, Instant.now()));
        send(contact("ContactDelete", cid, "Bob", "Roe", "bob@example.com", null, Instant.now()));

        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES + "/611/notes")));
        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES + "/611/notes")).withRequestBody(equalToJson("{\"body\":"
                + Stubs.json("This contact was deleted in HighLevel.\n\n<!-- ghl-gitlab-bridge:comment:contact-deleted-" + cid + " -->") + "}")));
        gitlab.verify(1, putRequestedFor(urlEqualTo(ISSUES + "/611")).withRequestBody(equalToJson("{\"state_event\":\"close\"}")));
        assertEquals(0, gitlab.findAll(deleteRequestedFor(urlMatching("/api/v4/.*"))).size(), "nothing is deleted in GitLab");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    @Test
    void tasks_of_a_contact_known_from_its_events_cost_no_contact_read_and_their_issues_point_to_its_crm_contact() throws Exception {
        String cid = "knownContact00000001";
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(
                node("621", "Cy", "Poe", "cy@example.com", "+15550001", "Acme", "2026-01-01T00:00:00Z")))));
        send(contact("ContactCreate", cid, "Cy", "Poe", "cy@example.com", "+15550001", Instant.now()));
        assertEquals(1, requests(gitlab, "customerRelationsContactCreate").size());
        gitlab.resetRequests();
        ghl.resetRequests();

        task(cid, "knownTask00000000001", 621, "First task");
        task(cid, "knownTask00000000002", 622, "Second task");

        // per task: read the task, create the issue, write the task back; the contact is not read
        assertEquals(0, ghl.findAll(getRequestedFor(urlEqualTo("/contacts/" + cid))).size());
        assertEquals(2, ghl.findAll(getRequestedFor(urlMatching("/contacts/" + cid + "/tasks/.*"))).size());
        assertEquals(2, ghl.findAll(putRequestedFor(urlMatching("/contacts/" + cid + "/tasks/.*"))).size());
        assertEquals(2, gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))).size());
        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES)).withRequestBody(matchingJsonPath("$.description", equalTo(
                "Second task\n\n" + block("Cy Poe", "cy@example.com", cid) + "\n\n" + marker("task", "knownTask00000000002")))));
        // each new issue points to the contact's CRM contact, once
        for (String iid : List.of("621", "622")) {
            gitlab.verify(1, postRequestedFor(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.variables", equalToJson(
                    "{\"input\":{\"projectPath\":\"acme/support\",\"iid\":\"" + iid + "\",\"contactIds\":[\"gid://gitlab/CustomerRelations::Contact/621\"],"
                            + "\"operationMode\":\"APPEND\"}}"))));
        }
        assertEquals(2, requests(gitlab, "issueSetCrmContacts").size());
        assertTrue(gitlab.findAll(getRequestedFor(urlEqualTo("/api/v4/projects/42"))).size() <= 1, "the project's path is looked up once");
    }

    @Test
    void crm_off_when_an_issue_is_pointed_to_its_crm_contact_is_said_once_and_the_tasks_are_linked_all_the_same() throws Exception {
        String cid = "crmOffContact0000001";
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(
                node("631", "Di", "Fox", "di@example.com", "+15550001", "Acme", "2026-01-01T00:00:00Z")))));
        send(contact("ContactCreate", cid, "Di", "Fox", "di@example.com", "+15550001", Instant.now()));
        gitlab.stubFor(graphql("issueSetCrmContacts").atPriority(1).willReturn(Stubs.okJson("{\"errors\":[{\"message\":\"Feature disabled\"}]}")));
        gitlab.resetRequests();

        try (LogLines logs = LogLines.capture()) {
            task(cid, "crmOffTask0000000001", 631, "First task");
            task(cid, "crmOffTask0000000002", 632, "Second task");
            assertEquals(1, logs.containing("GitLab CRM is unavailable").size(), logs.containing("GitLab CRM").toString());
        }
        // tried once, then left alone while CRM is off; both tasks got their issue-URL line
        assertEquals(1, requests(gitlab, "issueSetCrmContacts").size());
        assertEquals(2, ghl.findAll(putRequestedFor(urlMatching("/contacts/" + cid + "/tasks/.*"))).size());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%crmOffTask%"));
    }

    /** The contact block of the project's mapping for a contact of these tests (phone +15550001). */
    private static String block(String name, String email, String cid) {
        return "#### HighLevel contact\n**" + name + "** " + email + " · +15550001\n" + APP + cid;
    }

    private static String marker(String kind, String id) {
        return "<!-- ghl-gitlab-bridge:" + kind + ":" + id + " -->";
    }

    private static void ghlContact(String cid, String first, String last, String email) {
        ghl.stubFor(get(urlEqualTo("/contacts/" + cid)).willReturn(Stubs.okJson("{\"contact\":{\"id\":\"" + cid + "\",\"locationId\":\"" + LOCATION
                + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"email\":\"" + email + "\",\"phone\":\"+15550001\","
                + "\"companyName\":\"Acme\",\"tags\":[],\"dateUpdated\":\"2026-01-01T00:00:00.000Z\",\"customFields\":[]}}")));
    }

    /** F1 for a task of the contact: its issue gets number {@code iid}. */
    private void task(String cid, String taskId, int iid, String title) throws Exception {
        String task = "{\"id\":\"" + taskId + "\",\"title\":\"" + title + "\",\"body\":\"" + title + "\",\"dueDate\":\"2026-12-24T12:00:00.000Z\","
                + "\"completed\":false,\"contactId\":\"" + cid + "\"}";
        ghl.stubFor(get(urlEqualTo("/contacts/" + cid + "/tasks/" + taskId)).willReturn(Stubs.okJson("{\"task\":" + task + "}")));
        ghl.stubFor(put(urlEqualTo("/contacts/" + cid + "/tasks/" + taskId)).willReturn(Stubs.okJson("{\"task\":" + task + "}")));
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(iid, title, "opened", "x"))));
        send("{\"type\":\"TaskCreate\",\"locationId\":\"" + LOCATION + "\",\"id\":\"" + taskId + "\",\"contactId\":\"" + cid + "\",\"title\":\"" + title
                + "\",\"body\":\"" + title + "\",\"timestamp\":\"" + Instant.now() + "\",\"webhookId\":\"" + UUID.randomUUID() + "\"}");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'task' AND ghl_id = ?", taskId), "task linked");
    }

    /** F4: a note on the contact makes its own issue, number {@code iid}. */
    private void contactIssue(String cid, String noteId, int iid) throws Exception {
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:contact:" + cid))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(iid, "x", "opened", "x"))));
        gitlab.stubFor(post(urlEqualTo(ISSUES + "/" + iid + "/notes"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":" + (iid * 10) + ",\"body\":\"x\",\"system\":false}")));
        ghl.stubFor(get(urlEqualTo("/contacts/" + cid + "/notes/" + noteId)).willReturn(Stubs.okJson(
                Webhooks.fixture("ghl/note-response.json", Map.of("noteId", noteId, "body", "Called", "userId", USER, "contactId", cid)))));
        send(Webhooks.fixture("ghl/NoteCreate.json", Map.of("type", "NoteCreate", "noteId", noteId, "contactId", cid, "body", "Called")));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact-issue' AND ghl_id = ?", cid), "contact issue linked");
    }

    private static void issueNow(int iid, String description) {
        gitlab.stubFor(get(urlEqualTo(ISSUES + "/" + iid)).willReturn(Stubs.okJson(Stubs.issueJson(iid, "x", "opened", description))));
    }

    private static void assertDescription(int iid, String description) {
        List<LoggedRequest> puts = gitlab.findAll(putRequestedFor(urlEqualTo(ISSUES + "/" + iid)));
        assertEquals(1, puts.size(), "issue " + iid + ": " + puts);
        gitlab.verify(putRequestedFor(urlEqualTo(ISSUES + "/" + iid)).withRequestBody(equalToJson("{\"description\":" + Stubs.json(description) + "}")));
    }

    private void send(String body) throws Exception {
        assertEquals(200, webhooks.ghl(body).statusCode());
        bridge.awaitInboxDrained();
    }

}
