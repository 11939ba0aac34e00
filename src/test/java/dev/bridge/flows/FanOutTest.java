package dev.bridge.flows;

import dev.bridge.support.BridgeTest;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Several flows take one event type: each runs once per event, and a second use of a trigger only needs a name of its own. */
class FanOutTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "fan-out", UUID.randomUUID().toString()));
        for (String id : new String[] {"note-counter-a", "note-counter-b"}) {
            String trigger = id.endsWith("a") ? "kamelet:gitlab-event-source" : "kamelet:gitlab-event-source/note-counter-b-trigger";
            Files.writeString(dir.resolve(id + ".camel.yaml"), """
                    - route:
                        id: %1$s
                        from:
                          uri: %2$s
                          parameters:
                            eventType: note
                          steps:
                            # each run leaves a row in the inbox: the test counts them
                            - setHeader:
                                name: bridgeEventType
                                constant: test.%1$s
                            - setHeader:
                                name: bridgeDedupeKey
                                simple: "%1$s-${body[object_attributes][id]}"
                            - setHeader:
                                name: bridgeEntityKey
                                constant: test:%1$s
                            - to: direct:inbox
                    """.formatted(id, trigger));
        }
        startBridge(p -> p.put("camel.main.routesIncludePattern", "file:routes/*.yaml,file:" + dir + "/*.yaml"));
    }

    @Test
    void every_flow_of_an_event_type_runs_once_for_each_event() throws Exception {
        String hook = Webhooks.fixture("gitlab/note-hook-issue.json", Map.of("iid", "999", "note", "Anyone?", "noteId", "8801"));
        assertEquals(200, webhooks.gitlab("Note Hook", hook).statusCode());
        assertEquals(200, webhooks.gitlab("Note Hook", Webhooks.fixture("gitlab/note-hook-issue.json", Map.of("iid", "999", "note", "Hello?", "noteId", "8802"))).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'test.note-counter-a'"));
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'test.note-counter-b'"));
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'gitlab.note' AND status = 'DONE'"));
    }
}
