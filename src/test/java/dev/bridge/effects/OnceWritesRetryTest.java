package dev.bridge.effects;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bridge.clients.GhlNotes;
import dev.bridge.clients.GhlTasks;
import dev.bridge.support.ApiRig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A note or task written once, when the first attempt failed after HighLevel made it and the text the retry renders
 * is no longer the same (the contact was renamed, the mapping edited): the retry finds what the first attempt sent.
 */
class OnceWritesRetryTest {

    @TempDir
    static Path dir;
    static ApiRig rig;
    static WireMockServer ghl;
    static OnceWrites once;

    @BeforeAll
    static void start() {
        rig = new ApiRig(dir);
        ghl = rig.server;
        once = new OnceWrites(new Effects(rig.ds), new KnownSets(rig.ds), new GhlNotes(rig.api), new GhlTasks(rig.api, "loc1", 5));
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void a_note_made_by_an_attempt_that_failed_is_found_by_the_retry_although_its_text_changed_since() throws Exception {
        String notes = "/contacts/renamed1/notes";
        ghl.stubFor(post(urlEqualTo(notes)).willReturn(aResponse().withStatus(502)));
        ghl.stubFor(get(urlEqualTo(notes)).willReturn(okJson("{\"notes\":[{\"id\":\"note1\",\"body\":\"Build failed for Ann\",\"dateAdded\":\""
                + Instant.now() + "\"}]}")));
        assertThrows(RuntimeException.class, () -> once.note(Map.of("contactId", "renamed1", "key", "report:1:note", "text", "Build failed for Ann")));

        Map<String, Object> found = once.note(Map.of("contactId", "renamed1", "key", "report:1:note", "text", "Build failed for Anna"));
        assertEquals("note1", found.get("id"));
        ghl.verify(1, postRequestedFor(urlEqualTo(notes)));
    }

    @Test
    void the_retry_does_not_take_an_older_task_with_the_same_title_made_for_another_key() throws Exception {
        String tasks = "/contacts/sameTitle1/tasks";
        // the first failure's task (HighLevel's tasks carry no creation date)
        ghl.stubFor(post(urlEqualTo(tasks)).inScenario("same").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("second").willReturn(okJson("{\"task\":{\"id\":\"old1\",\"title\":\"Build failed\"}}")));
        once.task(Map.of("contactId", "sameTitle1", "key", "pipeline-report:1:failed:task", "title", "Build failed"));
        // the second failure's task: the call fails before HighLevel makes it, and the retry makes it
        ghl.stubFor(post(urlEqualTo(tasks)).inScenario("same").whenScenarioStateIs("second").willSetStateTo("third")
                .willReturn(aResponse().withStatus(502)));
        ghl.stubFor(post(urlEqualTo(tasks)).inScenario("same").whenScenarioStateIs("third")
                .willReturn(okJson("{\"task\":{\"id\":\"new2\",\"title\":\"Build failed\"}}")));
        ghl.stubFor(get(urlEqualTo(tasks)).willReturn(okJson("{\"tasks\":[{\"id\":\"old1\",\"title\":\"Build failed\",\"completed\":true}]}")));
        assertThrows(RuntimeException.class, () -> once.task(Map.of("contactId", "sameTitle1", "key", "pipeline-report:2:failed:task", "title", "Build failed")));

        Object made = once.task(Map.of("contactId", "sameTitle1", "key", "pipeline-report:2:failed:task", "title", "Build failed"));
        assertEquals("new2", ((Map<?, ?>) made).get("id"), "the first failure's task is not the second's");
        ghl.verify(3, postRequestedFor(urlEqualTo(tasks)));
    }

    @Test
    void a_task_made_by_an_attempt_that_failed_is_found_by_the_retry_although_its_title_changed_since() throws Exception {
        String tasks = "/contacts/renamed2/tasks";
        ghl.stubFor(post(urlEqualTo(tasks)).willReturn(aResponse().withStatus(502)));
        ghl.stubFor(get(urlEqualTo(tasks)).willReturn(okJson("{\"tasks\":[{\"id\":\"task1\",\"title\":\"Call Ann\",\"dateAdded\":\""
                + Instant.now() + "\"}]}")));
        assertThrows(RuntimeException.class, () -> once.task(Map.of("contactId", "renamed2", "key", "report:2:task", "title", "Call Ann")));

        Object found = once.task(Map.of("contactId", "renamed2", "key", "report:2:task", "title", "Call Anna"));
        assertEquals("task1", ((Map<?, ?>) found).get("id"));
        ghl.verify(1, postRequestedFor(urlEqualTo(tasks)));
    }
}
