package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.LogLines;
import org.apache.camel.Route;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route files added, changed, deleted or broken while the bridge runs take effect without a restart (the engine's
 * watcher, not Camel's reload); the events of a flow that is briefly gone wait for it and are not lost.
 */
class RouteReloadTest extends BridgeTest {

    /** A source Kamelet like the project's: the flow's events come in through {@code direct:<eventType>}. */
    private static final String SOURCE_KAMELET = """
            apiVersion: camel.apache.org/v1
            kind: Kamelet
            metadata:
              name: reload-event-source
            spec:
              definition:
                title: Bridge event (test)
                required:
                  - eventType
                properties:
                  eventType:
                    title: Event type
                    type: string
              template:
                from:
                  uri: "direct:{{eventType}}"
                  steps:
                    - to: kamelet:sink
            """;

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis());
    private static Path routes;
    private static LogLines log;
    private static int markers;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "reload", UUID.randomUUID().toString()));
        routes = Files.createDirectories(dir.resolve("routes"));
        Path kamelets = Files.createDirectories(dir.resolve("kamelets"));
        // the project's shared error handling; the project's own flows are not needed here
        Files.copy(Path.of("routes", "bridge-error-handling.camel.yaml"), routes.resolve("bridge-error-handling.camel.yaml"));
        Files.writeString(kamelets.resolve("reload-event-source.kamelet.yaml"), SOURCE_KAMELET);
        log = LogLines.capture();
        startBridge(p -> {
            p.put("camel.main.routesIncludePattern", "file:" + routes + "/*.yaml");
            p.put("camel.component.kamelet.location", "file:" + kamelets + ",file:kamelets,classpath:kamelets");
            p.put("bridge.routes.watch", "true");
            p.put("bridge.routes.watch-interval-ms", "200");
        });
    }

    @AfterAll
    static void stopCapture() {
        log.close();
    }

    @BeforeEach
    void flowsMayCallTheStandIn() {
        gitlab.stubFor(post(urlPathMatching("/reload/.*")).willReturn(ok()));
    }

    /** A flow that tells the GitLab stand-in which version of it saw an event: POST /reload/{id}/{version}. */
    private static String flow(String id, String from, String version) {
        return """
                - route:
                    id: %s
                    routeConfigurationId: bridge-error-handling
                    from:
                      uri: %s
                      steps:
                        - setBody:
                            simple: "event ${body[object_attributes][id]}"
                        - to: "{{gitlab.base-url}}/reload/%s/%s?httpMethod=POST"
                """.formatted(id, from, id, version);
    }

    private static int seen(String id, String version) {
        return gitlab.findAll(postRequestedFor(urlEqualTo("/reload/" + id + "/" + version))).size();
    }

    /** A GitLab delivery of the given object_kind, accepted into the inbox. */
    private static void event(String kind) {
        HttpResponse<String> answer = webhooks.gitlab("Reload Hook",
                "{\"object_kind\":\"" + kind + "\",\"object_attributes\":{\"id\":" + IDS.incrementAndGet() + "}}");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("accepted"), answer.body());
    }

    /** Waits until the route runs and is not {@code old} (the file was loaded again). */
    private static Route awaitLoaded(String routeId, Route old) throws Exception {
        Await.until(routeId + " is (re)loaded", () -> {
            Route now = bridge.context().getRoute(routeId);
            return now != null && now != old && bridge.context().getRouteController().getRouteStatus(routeId).isStarted();
        });
        return bridge.context().getRoute(routeId);
    }

    /** The routes that consume the endpoint (a flow, or the Kamelet route that feeds it). */
    private static List<String> consumersOf(String uri) {
        return bridge.context().getRoutes().stream().filter(r -> uri.equals(r.getEndpoint().getEndpointUri())).map(Route::getId).toList();
    }

    /**
     * A new flow file, waited for: the watcher acts on a file once it saw it unchanged for a poll, so every change
     * written before the marker has been acted on (and any repeated log line would have shown) once it runs.
     */
    private static void awaitMarker() throws Exception {
        String id = "reload-marker-" + ++markers;
        Files.writeString(routes.resolve(id + ".camel.yaml"), flow(id, "direct:gitlab." + id.replace('-', '_'), "v1"));
        awaitLoaded(id, null);
    }

    private static List<LogLines.Line> warnings(String text) {
        return log.containing(text).stream().filter(l -> l.level().isMoreSpecificThan(Level.WARN)).toList();
    }

    private static long inbox(String type, String status) throws Exception {
        return bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = ? AND status = ?", type, status);
    }

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
        Await.until("the flow and its Kamelet route are gone", () -> bridge.context().getRoute("reload-kamelet") == null
                && consumersOf("direct://gitlab.reload_kamelet").isEmpty());
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
    void a_broken_file_is_one_error_line_other_flows_keep_running_and_fixing_it_brings_its_flow_back() throws Exception {
        Path file = routes.resolve("reload-push.camel.yaml");
        Files.writeString(routes.resolve("reload-tag.camel.yaml"), flow("reload-tag", "direct:gitlab.reload_tag", "v1"));
        Files.writeString(file, flow("reload-push", "direct:gitlab.reload_push", "v1"));
        awaitLoaded("reload-tag", null);
        awaitLoaded("reload-push", null);
        event("reload_push");
        Await.until("the push flow handled an event", () -> seen("reload-push", "v1") == 1);

        String good = flow("reload-push", "direct:gitlab.reload_push", "v2");
        String[][] mistakes = {
            // what is wrong, the file, what the line must say
            {"an unknown step", good.replace("        - setBody:\n            simple: \"event ${body[object_attributes][id]}\"\n", "        - notAStep: {}\n"),
                "line 7", "notAStep"},
            // the quote runs on to the next line's quote, where SnakeYAML notices
            {"an unclosed quote", good.replace("[id]}\"", "[id]}"), "line 9", "block mapping at line 8"},
            {"an unknown component", good.replace("\"{{gitlab.base-url}}/reload/reload-push/v2?httpMethod=POST\"", "nosuchcomponent:x"),
                "line 9", "nosuchcomponent"},
        };
        for (String[] mistake : mistakes) {
            int before = log.containing("reload-push.camel.yaml").size();
            Files.writeString(file, mistake[1]);
            Await.until("the " + mistake[0] + " is reported", () -> log.containing("reload-push.camel.yaml").size() > before);
            awaitMarker();
            List<LogLines.Line> lines = log.containing("reload-push.camel.yaml");
            assertEquals(before + 1, lines.size(), "one line for " + mistake[0] + ": " + lines);
            LogLines.Line line = lines.get(lines.size() - 1);
            assertEquals(Level.ERROR, line.level(), line.toString());
            assertFalse(line.withStackTrace(), line.toString());
            assertTrue(line.message().contains(mistake[2]) && line.message().contains(mistake[3]), "file, line and problem: " + line);
            assertNull(bridge.context().getRoute("reload-push"), "the broken file's old flow is gone");
            assertEquals(List.of(), consumersOf("direct://gitlab.reload_push"));
        }

        // its events wait for it; the other flow keeps running
        event("reload_push");
        Await.until("the push event waits for its flow", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.reload_push' "
                + "AND status = 'PENDING' AND last_error LIKE 'no flow handles gitlab.reload_push right now%'") == 1);
        event("reload_tag");
        Await.until("the other flow handled its event", () -> seen("reload-tag", "v1") == 1);

        Files.writeString(file, good);
        awaitLoaded("reload-push", null);
        Await.until("the waiting event ran once the file was fixed", () -> seen("reload-push", "v2") == 1);
        bridge.awaitInboxDrained();
        assertEquals(0, inbox("gitlab.reload_push", "IGNORED"));
    }

    @Test
    void a_change_to_the_shared_error_handling_asks_for_a_restart_and_changes_nothing() throws Exception {
        Files.writeString(routes.resolve("reload-shared.camel.yaml"), flow("reload-shared", "direct:gitlab.reload_shared", "v1"));
        Route running = awaitLoaded("reload-shared", null);
        Path shared = routes.resolve("bridge-error-handling.camel.yaml");
        Files.writeString(shared, Files.readString(shared) + "\n# edited while the bridge runs\n");
        Await.until("the restart is asked for", () -> !log.containing("bridge-error-handling.camel.yaml").isEmpty());
        awaitMarker();

        List<LogLines.Line> lines = log.containing("bridge-error-handling.camel.yaml");
        assertEquals(1, lines.size(), lines.toString());
        assertEquals(Level.WARN, lines.get(0).level());
        assertTrue(lines.get(0).message().contains("restart"), lines.get(0).toString());
        assertSame(running, bridge.context().getRoute("reload-shared"), "the flows were left alone");
        event("reload_shared");
        Await.until("the flow still runs", () -> seen("reload-shared", "v1") == 1);
    }

    @Test
    void a_file_that_reuses_another_files_route_id_is_refused_with_one_line() throws Exception {
        Files.writeString(routes.resolve("reload-owner.camel.yaml"), flow("reload-owner", "direct:gitlab.reload_owner", "v1"));
        Route owner = awaitLoaded("reload-owner", null);
        Files.writeString(routes.resolve("reload-thief.camel.yaml"), flow("reload-thief", "direct:gitlab.reload_thief", "v1")
                + flow("reload-owner", "direct:gitlab.reload_owner_too", "v1"));
        Await.until("the file is refused", () -> !log.containing("reload-thief.camel.yaml").isEmpty());
        awaitMarker();

        List<LogLines.Line> lines = log.containing("reload-thief.camel.yaml");
        assertEquals(1, lines.size(), lines.toString());
        assertEquals(Level.ERROR, lines.get(0).level());
        assertTrue(lines.get(0).message().contains("'reload-owner' is already used by") && lines.get(0).message().contains("reload-owner.camel.yaml"),
                lines.get(0).toString());
        assertSame(owner, bridge.context().getRoute("reload-owner"), "the first file's flow is untouched");
        assertNull(bridge.context().getRoute("reload-thief"), "nothing of the refused file runs");
    }
}
