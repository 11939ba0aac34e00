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
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * F5: a person's comment on a linked GitLab issue becomes a note on the HighLevel contact; an edit rewrites it; the
 * note's own NoteCreate (its echo), system notes and the bridge's own comments go nowhere.
 */
class CommentFlowTest extends BridgeTest {

    static final String NOTES = "/contacts/" + Stubs.CONTACT_ID + "/notes";
    static final String URL = "https://gitlab.example.com/acme/support/-/issues/600#note_7001";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    private static String hook(String noteId, String text, String action) {
        return Webhooks.fixture("gitlab/note-hook-issue.json", Map.of("iid", "600", "note", text, "noteId", noteId))
                .replace("\"action\": \"create\"", "\"action\": \"" + action + "\"");
    }

    private static String note(String text) {
        return "Jane Dev commented in GitLab on Login broken for Acme:\n\n" + text + "\n\n" + URL;
    }

    @Test
    void a_comment_becomes_a_note_once_an_edit_rewrites_it_and_echoes_go_nowhere() throws Exception {
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/42/issues")).withRequestBody(containing("ghl-gitlab-bridge:task:commentTask000001"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Stubs.issueJson(600, "Login broken for Acme", "opened", "x"))));
        Stubs.ghlTaskUpdates(ghl, "commentTask000001", "Login broken for Acme", "x", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", "commentTask000001"))).statusCode());
        bridge.awaitInboxDrained();
        ghl.stubFor(post(urlEqualTo(NOTES)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"note\":{\"id\":\"ghlNoteFromGitLab01\",\"body\":\"x\",\"contactId\":\"" + Stubs.CONTACT_ID + "\"}}")));
        ghl.stubFor(put(urlEqualTo(NOTES + "/ghlNoteFromGitLab01")).willReturn(Stubs.okJson("{\"note\":{\"id\":\"ghlNoteFromGitLab01\"}}")));
        ghl.resetRequests();
        gitlab.resetRequests();

        assertEquals(200, webhooks.gitlab("Note Hook", hook("7001", "We need the logs", "create")).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)).withRequestBody(equalToJson("{\"body\":" + Stubs.json(note("We need the logs")) + "}")));

        // HighLevel tells the bridge about the note it just wrote: no comment goes back
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/NoteCreate.json", Map.of("type", "NoteCreate", "noteId", "ghlNoteFromGitLab01",
                "contactId", Stubs.CONTACT_ID, "body", Stubs.json(note("We need the logs")).replaceAll("^\"|\"$", "")))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size());

        // an edit rewrites the note, once; the same edit again writes nothing
        assertEquals(200, webhooks.gitlab("Note Hook", hook("7001", "We need the logs from Monday", "update")).statusCode());
        assertEquals(200, webhooks.gitlab("Note Hook", hook("7001", "We need the logs from Monday", "update")).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(1, putRequestedFor(urlEqualTo(NOTES + "/ghlNoteFromGitLab01"))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json(note("We need the logs from Monday")) + "}")));

        // a system note and the bridge's own comment are not notes of a person
        assertEquals(200, webhooks.gitlab("Note Hook", hook("7002", "closed", "create").replace("\"system\": false", "\"system\": true")).statusCode());
        assertEquals(200, webhooks.gitlab("Note Hook", hook("7003", "This task was deleted in HighLevel.\\n\\n<!-- ghl-gitlab-bridge:comment:task-deleted-x -->", "create")).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(1, postRequestedFor(urlEqualTo(NOTES)));
    }
}
