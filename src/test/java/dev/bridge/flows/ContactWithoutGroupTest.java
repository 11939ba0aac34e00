package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without GITLAB_GROUP the bridge runs, and contact events become dead letters that say why (F6). */
class ContactWithoutGroupTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> p.remove("gitlab.group"));
    }

    @Test
    void a_contact_event_is_a_dead_letter_naming_the_missing_setting_and_health_says_so() throws Exception {
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/ContactCreate.json", Map.of())).statusCode());
        Await.until("dead letter", () -> bridge.count("SELECT COUNT(*) FROM dead_letters WHERE event_type = 'ghl.ContactCreate'") == 1);

        String reason = (String) bridge.query("SELECT reason FROM dead_letters WHERE event_type = 'ghl.ContactCreate'");
        assertTrue(reason.contains("GITLAB_GROUP is not set"), reason);
        assertEquals(0, gitlab.getAllServeEvents().size(), "GitLab is not called");
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridge.managementUrl("/observe/health?exposureLevel=full"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("GITLAB_GROUP is not set"), health.body());
    }
}
