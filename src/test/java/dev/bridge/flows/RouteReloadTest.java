package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.apache.camel.support.ResourceReloadStrategySupport;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A flow dropped into routes/ while the bridge runs is picked up; a broken file leaves the running flows alone. */
class RouteReloadTest extends BridgeTest {

    static Path routes;

    @BeforeAll
    static void start() throws Exception {
        routes = Files.createDirectories(Path.of("target", "reload-routes", UUID.randomUUID().toString()));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        startBridge(p -> {
            p.put("camel.main.routesIncludePattern", "file:" + routes + "/*.yaml");
            p.put("camel.main.routesReloadEnabled", "true");
            p.put("camel.main.routesReloadDirectory", routes.toString());
        });
    }

    private static String note() {
        return "{\"object_kind\":\"note\",\"object_attributes\":{\"id\":" + System.nanoTime() + ",\"note\":\"hello\",\"noteable_type\":\"Issue\"},"
                + "\"project\":{\"id\":42},\"issue\":{\"iid\":7}}";
    }

    @Test
    void a_new_flow_file_handles_its_events_without_a_restart_and_a_broken_file_changes_nothing() throws Exception {
        HttpResponse<String> before = webhooks.gitlab("Note Hook", note());
        assertEquals(200, before.statusCode());
        assertTrue(before.body().contains("accepted"), before.body());
        // no flow handles notes yet: decided when the event is processed, and the row stays replayable
        Await.until("the note is ignored", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.note' AND status = 'IGNORED'") == 1);

        Files.writeString(routes.resolve("gitlab-note-seen.camel.yaml"), """
                - route:
                    id: gitlab-note-seen
                    routeConfigurationId: bridge-error-handling
                    from:
                      uri: direct:gitlab.note
                      steps:
                        - log: "Note ${body[object_attributes][note]} on issue ${body[issue][iid]}"
                """);
        Await.until("the new flow is running", () -> bridge.context().getRoute("gitlab-note-seen") != null);

        HttpResponse<String> after = webhooks.gitlab("Note Hook", note());
        assertEquals(200, after.statusCode());
        assertTrue(after.body().contains("accepted"), after.body());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.note' AND status = 'DONE'"));

        // a file with a mistake in it is refused; the flows that run keep running
        ResourceReloadStrategySupport reload = bridge.context().hasService(RouteWatcherReloadStrategy.class);
        int failedBefore = reload.getFailedCounter();
        Files.writeString(routes.resolve("broken.camel.yaml"), "- route:\n    id: broken\n    from:\n      uri: direct:x\n      steps:\n        - notAStep: {}\n");
        Await.until("the broken file was tried and refused", () -> reload.getFailedCounter() > failedBefore);
        HttpResponse<String> still = webhooks.gitlab("Note Hook", note());
        assertTrue(still.body().contains("accepted"), still.body());
        bridge.awaitInboxDrained();
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.note' AND status = 'DONE'"));
        assertEquals(null, bridge.context().getRoute("broken"));

        // the note that came before the flow existed was ignored, and runs now when replayed by type
        HttpResponse<String> replay = bridge.adminPost("/admin/ignored/replay?type=gitlab.note");
        assertEquals(200, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("\"events\":1"), replay.body());
        bridge.awaitInboxDrained();
        assertEquals(3, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.note' AND status = 'DONE'"));
        assertEquals(400, bridge.adminPost("/admin/ignored/replay?type=").statusCode());

        // while the flow is briefly gone (being reloaded, or broken), its events wait for it instead of being ignored
        bridge.context().getRouteController().stopRoute("gitlab-note-seen");
        assertTrue(webhooks.gitlab("Note Hook", note()).body().contains("accepted"));
        Await.until("the note waits for its flow", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.note' "
                + "AND status = 'PENDING' AND last_error LIKE 'no flow handles gitlab.note right now%'") == 1);
        bridge.context().getRouteController().startRoute("gitlab-note-seen");
        bridge.awaitInboxDrained();
        assertEquals(4, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.note' AND status = 'DONE'"));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE status = 'IGNORED'"));
    }
}
