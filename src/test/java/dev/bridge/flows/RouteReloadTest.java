package dev.bridge.flows;

import dev.bridge.support.Await;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route files added, changed or deleted while the bridge runs take effect without a restart (the engine's watcher,
 * not Camel's reload), also for a flow that starts from a source Kamelet; the events of a flow that is briefly gone
 * wait for it and are not lost.
 */
class RouteReloadTest extends RouteFilesTest {

    @Test
    void a_new_file_starts_its_flow_and_a_changed_file_replaces_it() throws Exception {
        // no flow handles the type yet: decided when the event is processed, and the row stays replayable
        event("reload_note");
        Await.until("the event is ignored", () -> inbox("gitlab.reload_note", "IGNORED") == 1);

        Path file = routes.resolve("reload-note.camel.yaml");
        Files.writeString(file, flow("reload-note", "direct:gitlab.reload_note", "v1"));
        Route first = awaitLoaded("reload-note", null);
        event("reload_note");
        Await.until("the new flow handled the event", () -> seen("reload-note", "v1") == 1);

        Files.writeString(file, flow("reload-note", "direct:gitlab.reload_note", "v2"));
        awaitLoaded("reload-note", first);
        event("reload_note");
        Await.until("the changed flow handled the event", () -> seen("reload-note", "v2") == 1);
        bridge.awaitInboxDrained();
        assertEquals(1, seen("reload-note", "v1"), "the old version handled nothing after the change");
        assertEquals(List.of("reload-note"), consumersOf("direct://gitlab.reload_note"));

        // the event that came before the flow existed runs now when replayed by type
        HttpResponse<String> replay = bridge.adminPost("/admin/ignored/replay?type=gitlab.reload_note");
        assertEquals(200, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("\"events\":1"), replay.body());
        Await.until("the replayed event ran", () -> seen("reload-note", "v2") == 2);
        bridge.awaitInboxDrained();
        assertEquals(3, inbox("gitlab.reload_note", "DONE"));
        assertEquals(List.of(), warnings("reload-note.camel.yaml"));
    }


    @Test
    void a_flow_from_a_source_kamelet_reloads_twice_names_itself_in_dead_letters_and_goes_with_its_kamelet_route() throws Exception {
        Path file = routes.resolve("reload-kamelet.camel.yaml");
        String from = "kamelet:reload-event-source?eventType=gitlab.reload_kamelet";
        Files.writeString(file, flow("reload-kamelet", from, "v1"));
        awaitLoaded("reload-kamelet", null);
        event("reload_kamelet");
        Await.until("v1 handled the event", () -> seen("reload-kamelet", "v1") == 1);

        for (String version : List.of("v2", "v3")) {
            Route before = bridge.context().getRoute("reload-kamelet");
            Files.writeString(file, flow("reload-kamelet", from, version));
            awaitLoaded("reload-kamelet", before);
            List<String> feeding = consumersOf("direct://gitlab.reload_kamelet");
            assertEquals(1, feeding.size(), "one Kamelet route feeds the flow: " + feeding);
            assertTrue(feeding.get(0).startsWith("reload-event-source-"), feeding.toString());
            event("reload_kamelet");
            Await.until(version + " handled the event", () -> seen("reload-kamelet", version) == 1);
        }
        assertEquals(1, seen("reload-kamelet", "v1"));
        assertEquals(1, seen("reload-kamelet", "v2"));
        assertEquals(List.of(), warnings("reload-kamelet.camel.yaml"));

        // the event enters through the Kamelet's route, but its dead letter names the flow
        Files.writeString(file, """
                - route:
                    id: reload-kamelet
                    routeConfigurationId: bridge-error-handling
                    from:
                      uri: %s
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalArgumentException
                            message: refused by the test
                """.formatted(from));
        awaitLoaded("reload-kamelet", bridge.context().getRoute("reload-kamelet"));
        event("reload_kamelet");
        Await.until("the event is a dead letter", () -> bridge.count("SELECT COUNT(*) FROM dead_letters WHERE event_type = 'gitlab.reload_kamelet'") == 1);
        assertEquals("reload-kamelet", bridge.query("SELECT flow FROM dead_letters WHERE event_type = 'gitlab.reload_kamelet'"));

        // deleted: the flow and its Kamelet route stop; its next event waits for it instead of being ignored
        Files.delete(file);
        // the log line is written once the removal is over
        Await.until("the flow and its Kamelet route are gone", () -> bridge.context().getRoute("reload-kamelet") == null
                && consumersOf("direct://gitlab.reload_kamelet").isEmpty() && !log.containing("reload-kamelet.camel.yaml was deleted").isEmpty());
        assertTrue(bridge.context().getRoutes().stream().noneMatch(r -> r.getId().startsWith("reload-event-source-")),
                "no Kamelet route is left: " + bridge.context().getRoutes());
        assertEquals(1, log.containing("reload-kamelet.camel.yaml was deleted").size(), log.containing("reload-kamelet").toString());
        event("reload_kamelet");
        Await.until("the event waits for its flow", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.reload_kamelet' "
                + "AND status = 'PENDING' AND last_error LIKE 'no flow handles gitlab.reload_kamelet right now%'") == 1);

        Files.writeString(file, flow("reload-kamelet", from, "v4"));
        Await.until("the waiting event ran once the file was back", () -> seen("reload-kamelet", "v4") == 1);
        bridge.awaitInboxDrained();
        assertEquals(0, inbox("gitlab.reload_kamelet", "IGNORED"));
    }

    @Test
    void a_renamed_file_keeps_its_flow_running() throws Exception {
        Files.writeString(routes.resolve("reload-rename-b.camel.yaml"), flow("reload-rename", "direct:gitlab.reload_rename", "v1"));
        Route before = awaitLoaded("reload-rename", null);
        // the new name sorts first: it is loaded only after the old name's routes are gone
        Files.move(routes.resolve("reload-rename-b.camel.yaml"), routes.resolve("reload-rename-a.camel.yaml"));
        awaitLoaded("reload-rename", before);
        assertEquals(List.of(), warnings("reload-rename-"));
        event("reload_rename");
        Await.until("the renamed flow handled the event", () -> seen("reload-rename", "v1") == 1);
    }
}
