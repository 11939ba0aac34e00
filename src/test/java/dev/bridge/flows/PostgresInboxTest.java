package dev.bridge.flows;

import dev.bridge.inbox.DbClock;
import dev.bridge.inbox.InboxClaims;
import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.inbox.InboxRow;
import dev.bridge.support.Await;
import dev.bridge.support.Postgres;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same schema, inbox, claims and links on a real PostgreSQL (BRIDGE_DB_URL=jdbc:postgresql://...). */
class PostgresInboxTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> {
            Postgres.use(p);
            p.put("bridge.inbox.lease-seconds", "2");
        });
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

    @Test
    void a_lease_is_renewed_while_a_slow_flow_runs_so_another_instance_never_takes_the_event() throws Exception {
        String taskId = "pgSlowTask0000000001";
        // GitLab takes 5 s to answer: more than twice the 2 s lease
        gitlab.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/api/v4/projects/42/issues"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(201).withFixedDelay(5000)
                        .withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(63, "Login broken for Acme", "opened", "d"))));
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        InboxClaims other = new InboxClaims(bridge.dataSource(), "instance-b", 2_000, new DbClock());

        assertTrue(webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).body().contains("accepted"));
        Await.until("the bridge works the event", () -> gitlab.findAll(postRequestedFor(urlEqualTo("/api/v4/projects/42/issues"))).size() == 1);
        int offered = 0;
        while (bridge.count("SELECT COUNT(*) FROM inbox WHERE entity_key = ? AND status = 'PENDING'", "ghl:task:" + taskId) == 1) {
            offered += other.claim(10, Set.of()).size();
            Thread.sleep(200);
        }
        bridge.awaitInboxDrained();

        assertEquals(0, offered, "another instance was offered an event that was being worked");
        gitlab.verify(1, postRequestedFor(urlEqualTo("/api/v4/projects/42/issues")));
        assertEquals(1L, bridge.count("SELECT attempts FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
    }

    @Test
    void two_instances_sharing_the_database_never_hold_one_event_and_a_lapsed_lease_is_taken_over() throws Exception {
        // the stand-ins answer before the dispatcher starts again: it takes the event over at once
        Stubs.gitlabCreate(gitlab, 62, "Login broken for Acme", "d");
        Stubs.ghlTaskUpdates(ghl, "pgLeaseTask000000001", "Login broken for Acme", "x", false);
        // A's and B's attempts may have made the issue: the third looks for its marker first, and finds none
        gitlab.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v4/projects/42/issues")).willReturn(Stubs.okJson("[]")));
        InboxDispatcher dispatcher = bridge.context().getRegistry().lookupByNameAndType("inboxDispatcher", InboxDispatcher.class);
        dispatcher.stop();
        try {
            String taskId = "pgLeaseTask000000001";
            assertTrue(webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).body().contains("accepted"));
            // two more instances on the same PostgreSQL, each with a 2 s lease on the database's clock
            InboxClaims a = new InboxClaims(bridge.dataSource(), "instance-a", 2_000, new DbClock());
            InboxClaims b = new InboxClaims(bridge.dataSource(), "instance-b", 2_000, new DbClock());
            List<InboxRow> claimedByA = a.claim(10, Set.of());
            assertEquals(1, claimedByA.size());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                // A keeps working and renewing; B is never offered the event
                a.renew(List.of(claimedByA.get(0).id()));
                assertEquals(0, b.claim(10, Set.of()).size());
                Thread.sleep(500);
            }
            // A stops renewing (it crashed): once the lease has lapsed, B takes the event over
            Await.until("B takes over", () -> b.claim(10, Set.of()).size() == 1);
            assertEquals("instance-b", bridge.query("SELECT lease_owner FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
            assertEquals(2, bridge.count("SELECT attempts FROM inbox WHERE entity_key = ?", "ghl:task:" + taskId));
            bridge.query("UPDATE inbox SET lease_until = NULL, lease_owner = NULL WHERE entity_key = ? RETURNING id", "ghl:task:" + taskId);
        } finally {
            dispatcher.start();
        }
        bridge.awaitInboxDrained();
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE entity_key = ?", "ghl:task:pgLeaseTask000000001"));
    }
}
