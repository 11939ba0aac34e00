package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same schema, inbox, claims and links on a real PostgreSQL (BRIDGE_DB_URL=jdbc:postgresql://...). */
class PostgresInboxTest extends BridgeTest {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        startBridge(p -> {
            p.put("bridge.db.url", postgres.getJdbcUrl("postgres", "postgres"));
            p.put("bridge.db.user", "postgres");
        });
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        stopBridge();
        postgres.close();
    }

    @Test
    void a_task_becomes_one_issue_and_a_duplicate_is_recognised_on_postgresql() throws Exception {
        String taskId = "pgTask00000000000001";
        Stubs.gitlabCreate(gitlab, 61, "Login broken for Acme", "Customer cannot log in since Monday");
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        String body = Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId));

        assertTrue(webhooks.ghl(body).body().contains("accepted"));
        assertTrue(webhooks.ghl(body).body().contains("duplicate"));
        Await.until("task updated", () -> ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size() == 1);
        bridge.awaitInboxDrained();

        gitlab.verify(1, postRequestedFor(urlEqualTo("/api/v4/projects/42/issues")));
        assertEquals(61L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
        assertEquals(1L, bridge.count("SELECT COUNT(*) FROM inbox_payload p JOIN inbox i ON i.id = p.id WHERE i.entity_key = ?", "ghl:task:" + taskId));
    }
}
