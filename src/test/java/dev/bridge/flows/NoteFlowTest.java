package dev.bridge.flows;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * F4: HighLevel notes become comments on the contact's own GitLab issue (made once, on first need), with the
 * author's name; edits and deletions follow; contacts outside contactIssue.for (default: with linked tasks) get nothing.
 */
class NoteFlowTest extends BridgeTest {

    static final String ISSUES = "/api/v4/projects/42/issues";
    static final String CONTACT_ISSUE_NOTES = ISSUES + "/501/notes";
    static final String USER = "bNl8QNGXhIQJLv8eeASQ";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    private static String event(String type, String noteId, String contactId, String body) {
        return Webhooks.fixture("ghl/NoteCreate.json", Map.of("type", type, "noteId", noteId, "contactId", contactId, "body", body));
    }

    private static void stubNote(String noteId, String body) {
        ghl.stubFor(get(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/notes/" + noteId)).willReturn(Stubs.okJson(
                Webhooks.fixture("ghl/note-response.json", Map.of("noteId", noteId, "body", body, "userId", USER, "contactId", Stubs.CONTACT_ID)))));
    }

    private static String comment(String noteId, String text) {
        return "**Jane Agent** wrote in HighLevel on 2026-12-01T09:30:00.000Z:\n\n" + text + "\n\n<!-- ghl-gitlab-bridge:comment:note-" + noteId + " -->";
    }

    /** F1 for a task of the fixtures' contact, so the contact is in scope (it has a linked task). */
    private void contactWithLinkedTask() throws Exception {
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:noteContactTask001"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(500, "Login broken for Acme", "opened", "x"))));
        Stubs.ghlTaskUpdates(ghl, "noteContactTask001", "Login broken for Acme", "x", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", "noteContactTask001"))).statusCode());
        bridge.awaitInboxDrained();
    }

    @Test
    void notes_become_comments_on_the_contacts_issue_made_once_and_edits_and_deletions_follow() throws Exception {
        contactWithLinkedTask();
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:contact:" + Stubs.CONTACT_ID))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(501, "Rubika Deo (HighLevel contact)", "opened", "x"))));
        ghl.stubFor(get(urlEqualTo("/users/" + USER)).willReturn(Stubs.okJson(Webhooks.fixture("ghl/user-response.json", Map.of("userId", USER)))));
        gitlab.stubFor(post(urlEqualTo(CONTACT_ISSUE_NOTES)).withRequestBody(containing("note-noteOne0000000001"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":9001,\"body\":\"x\",\"system\":false}")));
        gitlab.stubFor(post(urlEqualTo(CONTACT_ISSUE_NOTES)).withRequestBody(containing("note-noteTwo0000000002"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":9002,\"body\":\"x\",\"system\":false}")));
        stubNote("noteOne0000000001", "Called: wants a fix by Friday");
        stubNote("noteTwo0000000002", "Sent the workaround");
        gitlab.resetRequests();

        assertEquals(200, webhooks.ghl(event("NoteCreate", "noteOne0000000001", Stubs.CONTACT_ID, "Called: wants a fix by Friday")).statusCode());
        assertEquals(200, webhooks.ghl(event("NoteCreate", "noteTwo0000000002", Stubs.CONTACT_ID, "Sent the workaround")).statusCode());
        bridge.awaitInboxDrained();

        String block = "#### HighLevel contact\n**Rubika Deo** rubika@deos.com · +18832327657\n"
                + "https://app.gohighlevel.com/v2/location/ve9EPM428h8vShlRW1KT/contacts/detail/CWBf1PR9LvvBkcYqiXlc";
        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES)).withRequestBody(equalToJson("{\"title\":\"Rubika Deo (HighLevel contact)\",\"description\":"
                + Stubs.json(block + "\n\n<!-- ghl-gitlab-bridge:contact:" + Stubs.CONTACT_ID + " -->") + ",\"labels\":\"highlevel,contact\"}")));
        gitlab.verify(1, postRequestedFor(urlEqualTo(CONTACT_ISSUE_NOTES))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json(comment("noteOne0000000001", "Called: wants a fix by Friday")) + "}")));
        gitlab.verify(1, postRequestedFor(urlEqualTo(CONTACT_ISSUE_NOTES))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json(comment("noteTwo0000000002", "Sent the workaround")) + "}")));
        ghl.verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/users/" + USER)));

        // an edit rewrites the comment; an edit that changes nothing writes nothing
        gitlab.stubFor(put(urlEqualTo(CONTACT_ISSUE_NOTES + "/9001")).willReturn(Stubs.okJson("{\"id\":9001,\"body\":\"x\",\"system\":false}")));
        stubNote("noteOne0000000001", "Called: wants a fix by Thursday");
        assertEquals(200, webhooks.ghl(event("NoteUpdate", "noteOne0000000001", Stubs.CONTACT_ID, "Called: wants a fix by Thursday")).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(200, webhooks.ghl(event("NoteUpdate", "noteOne0000000001", Stubs.CONTACT_ID, "Called: wants a fix by Thursday")).statusCode());
        bridge.awaitInboxDrained();
        gitlab.verify(1, putRequestedFor(urlEqualTo(CONTACT_ISSUE_NOTES + "/9001"))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json(comment("noteOne0000000001", "Called: wants a fix by Thursday")) + "}")));

        // a deletion deletes the comment, once
        gitlab.stubFor(delete(urlEqualTo(CONTACT_ISSUE_NOTES + "/9002")).willReturn(aResponse().withStatus(204)));
        assertEquals(200, webhooks.ghl(event("NoteDelete", "noteTwo0000000002", Stubs.CONTACT_ID, "Sent the workaround")).statusCode());
        assertEquals(200, webhooks.ghl(event("NoteDelete", "noteTwo0000000002", Stubs.CONTACT_ID, "Sent the workaround")).statusCode());
        bridge.awaitInboxDrained();
        gitlab.verify(1, deleteRequestedFor(urlEqualTo(CONTACT_ISSUE_NOTES + "/9002")));
        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES)));
    }

    @Test
    void a_note_of_a_contact_without_linked_tasks_stays_in_highlevel_and_costs_no_call() throws Exception {
        ghl.resetRequests();
        gitlab.resetRequests();
        assertEquals(200, webhooks.ghl(event("NoteCreate", "noteOutside00000001", "contactWithoutTasks1", "Just a chat")).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.NoteCreate' AND status = 'DONE' AND entity_key = 'ghl:note:noteOutside00000001'"));
    }
}
