package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.LogLines;
import org.apache.camel.Route;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge with its watcher of routes/ on (checking every 200 ms), on a routes folder of its own that holds only
 * the project's shared error handling, and a source Kamelet of the test's own; every log line is captured.
 */
abstract class RouteFilesTest extends BridgeTest {

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
    protected static Path routes;
    protected static LogLines log;
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
    protected static String flow(String id, String from, String version) {
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

    protected static int seen(String id, String version) {
        return gitlab.findAll(postRequestedFor(urlEqualTo("/reload/" + id + "/" + version))).size();
    }

    /** A GitLab delivery of the given object_kind, accepted into the inbox. */
    protected static void event(String kind) {
        HttpResponse<String> answer = webhooks.gitlab("Reload Hook",
                "{\"object_kind\":\"" + kind + "\",\"object_attributes\":{\"id\":" + IDS.incrementAndGet() + "}}");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("accepted"), answer.body());
    }

    /** Waits until the route runs and is not {@code old} (the file was loaded again). */
    protected static Route awaitLoaded(String routeId, Route old) throws Exception {
        Await.until(routeId + " is (re)loaded", () -> {
            Route now = bridge.context().getRoute(routeId);
            return now != null && now != old && bridge.context().getRouteController().getRouteStatus(routeId).isStarted();
        });
        return bridge.context().getRoute(routeId);
    }

    /** The routes that consume the endpoint (a flow, or the Kamelet route that feeds it). */
    protected static List<String> consumersOf(String uri) {
        return bridge.context().getRoutes().stream().filter(r -> uri.equals(r.getEndpoint().getEndpointUri())).map(Route::getId).toList();
    }

    /**
     * A new flow file, waited for: the watcher acts on a file once it saw it unchanged for a poll, so every change
     * written before the marker has been acted on (and any repeated log line would have shown) once it runs. Its
     * name sorts last: the watcher acts on the files of one poll in name order, one poll after another.
     */
    protected static void awaitMarker() throws Exception {
        String id = "reload-marker-" + ++markers;
        Files.writeString(routes.resolve("zz-" + id + ".camel.yaml"), flow(id, "direct:gitlab." + id.replace('-', '_'), "v1"));
        awaitLoaded(id, null);
    }

    protected static List<LogLines.Line> warnings(String text) {
        return log.containing(text).stream().filter(l -> l.level().isMoreSpecificThan(Level.WARN)).toList();
    }

    protected static long inbox(String type, String status) throws Exception {
        return bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = ? AND status = ?", type, status);
    }
}
