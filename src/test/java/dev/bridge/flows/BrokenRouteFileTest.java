package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.LogLines;
import org.apache.camel.Route;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken route file while the bridge runs is one ERROR line naming the file, the line and the problem, and every
 * other flow keeps running; a file that would take another's route id is refused; the shared error handling asks
 * for a restart.
 */
class BrokenRouteFileTest extends RouteFilesTest {

    @Test
    void a_broken_file_is_one_error_line_other_flows_keep_running_and_fixing_it_brings_its_flow_back() throws Exception {
        Path file = routes.resolve("reload-push.camel.yaml");
        Files.writeString(routes.resolve("reload-tag.camel.yaml"), flow("reload-tag", "direct:gitlab.reload_tag", "v1"));
        Files.writeString(file, flow("reload-push", "direct:gitlab.reload_push", "v1"));
        awaitLoaded("reload-tag", null);
        awaitLoaded("reload-push", null);
        event("reload_push");
        Await.until("the push flow handled an event", () -> seen("reload-push", "v1") == 1);
        // the watcher writes a file's "loaded" line after its flow has started: let it finish before lines are counted
        awaitMarker();

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
