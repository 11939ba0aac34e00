package dev.bridge.flows;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's tutorial flow (docs/tutorial/), run as written: a "/done" comment on a linked issue completes its task.
 * F5 takes the same Note Hooks: both flows run for every comment.
 */
class TutorialFlowTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> p.put("camel.main.routesIncludePattern", "file:routes/*.yaml,file:docs/tutorial/gitlab-comment-completes-task.camel.yaml"));
    }

    private static String note(int iid, String text) {
        return Webhooks.fixture("gitlab/note-hook-issue.json", Map.of("iid", String.valueOf(iid), "note", text,
                "noteId", String.valueOf(System.nanoTime() % 1_000_000_000)));
    }

    @Test
    void a_done_comment_completes_the_linked_task_and_other_comments_do_nothing() throws Exception {
        String taskId = "tutorialTask00000001";
        Stubs.gitlabCreate(gitlab, 301, "Login broken for Acme", "Customer cannot log in since Monday");
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        bridge.awaitInboxDrained();
        String completed = "/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId + "/completed";
        ghl.stubFor(put(urlEqualTo(completed)).willReturn(Stubs.okJson(Stubs.taskJson(taskId, "Login broken for Acme", "x", true))));
        // F5 takes the same Note Hooks: both flows run for each
        ghl.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/notes"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"note\":{\"id\":\"n" + System.nanoTime() + "\"}}").withTransformers("response-template")));

        assertEquals(200, webhooks.gitlab("Note Hook", note(301, "Looked into it, needs a fix first")).statusCode());
        assertEquals(200, webhooks.gitlab("Note Hook", note(999, "/done on an issue the bridge does not know")).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(0, putRequestedFor(urlEqualTo(completed)));

        assertEquals(200, webhooks.gitlab("Note Hook", note(301, "/done, fixed in 2.4.1")).statusCode());
        bridge.awaitInboxDrained();
        ghl.verify(1, putRequestedFor(urlEqualTo(completed)).withRequestBody(equalToJson("{\"completed\":true}")));
        ghl.verify(2, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID + "/notes")));
    }
}
