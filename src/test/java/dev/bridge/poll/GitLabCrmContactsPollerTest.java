package dev.bridge.poll;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.CrmPollStubs;
import dev.bridge.support.Stubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.bridge.support.CrmStubs.contact;
import static dev.bridge.support.CrmStubs.created;
import static dev.bridge.support.CrmStubs.graphql;
import static dev.bridge.support.CrmStubs.group;
import static dev.bridge.support.CrmStubs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The GitLab CRM contacts poller through the real bridge: it reads every page of the group's contacts with GraphQL
 * cursors, emits the linked contacts changed since its cursor (minus the overlap) as gitlab.crm_contact events in
 * their HighLevel contact's sequence, skips unlinked ones, keeps its cursor when a page fails, and resumes from it
 * after a restart.
 */
class GitLabCrmContactsPollerTest extends BridgeTest {

    private static final String CURSOR = "SELECT position FROM poll_cursors WHERE name = 'gitlab-crm-contacts'";

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> p.put("gitlab.group", "acme"));
    }

    @BeforeEach
    void firstRun() throws Exception {
        gitlab.stubFor(graphql("contacts(search:").atPriority(10).willReturn(Stubs.okJson(group())));
        if (bridge.query(CURSOR) == null) {
            gitlab.stubFor(CrmPollStubs.page(null, null));
            assertEquals(Poller.Outcome.DONE, poller().poll());
            gitlab.resetRequests();
        }
    }

    private static Poller poller() {
        return bridge.context().getRegistry().lookupByNameAndType("gitlabCrmContactsPoller", Poller.class);
    }

    @Test
    void every_page_is_read_with_the_last_cursor_and_only_linked_contacts_changed_since_the_cursor_become_events() throws Exception {
        linked("pollCrm000000000001", "201", "Ann", "One", "one@example.com");
        linked("pollCrm000000000002", "202", "Bob", "Two", "two@example.com");
        linked("pollCrm000000000003", "203", "Cid", "Three", "three@example.com");
        Instant cursor = cursor();
        String t1 = cursor.plusSeconds(10).toString();
        String t3 = cursor.plusSeconds(30).toString();
        gitlab.stubFor(CrmPollStubs.page(null, "c1", same("201", "Ann", "One", "one@example.com", t1),
                node("299", "Zoe", "Unlinked", "zoe@example.com", null, null, t3)));
        gitlab.stubFor(CrmPollStubs.page("c1", "c2", same("202", "Bob", "Two", "two@example.com", t3)));
        // changed before the cursor minus the overlap: already seen
        gitlab.stubFor(CrmPollStubs.page("c2", null, same("203", "Cid", "Three", "three@example.com", cursor.minusSeconds(3600).toString())));

        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();

        assertEquals(Arrays.asList(null, "c1", "c2"), CrmPollStubs.afters(gitlab));
        gitlab.verify(3, WireMock.postRequestedFor(WireMock.urlEqualTo("/api/graphql"))
                .withRequestBody(matchingJsonPath("$.variables.group", equalTo("acme"))).withHeader("PRIVATE-TOKEN", equalTo("glpat-test-gitlab-token-1234")));
        String first = "gitlab:crm_contact:gid://gitlab/CustomerRelations::Contact/201:" + t1;
        assertEquals("gitlab.crm_contact", bridge.query("SELECT event_type FROM inbox WHERE delivery_id = ?", first));
        assertEquals("ghl:contact:pollCrm000000000001", bridge.query("SELECT order_key FROM inbox WHERE delivery_id = ?", first));
        assertEquals("ghl:contact:pollCrm000000000001", bridge.query("SELECT entity_key FROM inbox WHERE delivery_id = ?", first));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", "gitlab:crm_contact:gid://gitlab/CustomerRelations::Contact/202:" + t3));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id LIKE '%Contact/203:%' OR delivery_id LIKE '%Contact/299:%'"));
        assertEquals(Instant.parse(t3).toString(), bridge.query(CURSOR));
        // the contacts are as the link holds them: the flow calls HighLevel for nothing
        assertEquals(0, ghl.findAll(anyRequestedFor(urlPathMatching("/contacts/.*"))).size());

        // read again (the overlap): stored once
        gitlab.resetRequests();
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();
        assertEquals(3, CrmPollStubs.afters(gitlab).size());
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", first));
        assertEquals(Instant.parse(t3).toString(), bridge.query(CURSOR));
    }

    @Test
    void a_failed_page_keeps_the_cursor_and_the_next_run_reads_the_list_again() throws Exception {
        linked("pollCrmFail00000001", "211", "Dee", "Four", "four@example.com");
        linked("pollCrmFail00000002", "212", "Eve", "Five", "five@example.com");
        Instant cursor = cursor();
        String t1 = cursor.plusSeconds(40).toString();
        String t2 = cursor.plusSeconds(50).toString();
        gitlab.stubFor(CrmPollStubs.page(null, "f1", same("211", "Dee", "Four", "four@example.com", t1)));
        gitlab.stubFor(graphql(CrmPollStubs.PAGE_QUERY).atPriority(1).withRequestBody(matchingJsonPath("$.variables.after", equalTo("f1")))
                .willReturn(WireMock.aResponse().withStatus(500)));

        assertEquals(Poller.Outcome.FAILED, poller().poll());
        assertEquals(cursor.toString(), bridge.query(CURSOR), "the cursor stays");

        gitlab.stubFor(CrmPollStubs.page("f1", null, same("212", "Eve", "Five", "five@example.com", t2)));
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", "gitlab:crm_contact:gid://gitlab/CustomerRelations::Contact/211:" + t1));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", "gitlab:crm_contact:gid://gitlab/CustomerRelations::Contact/212:" + t2));
        assertEquals(Instant.parse(t2).toString(), bridge.query(CURSOR));
    }

    @Test
    void after_a_restart_the_poll_resumes_from_the_stored_cursor() throws Exception {
        linked("pollCrmRestart00001", "221", "Fay", "Six", "six@example.com");
        linked("pollCrmRestart00002", "222", "Gus", "Seven", "seven@example.com");
        Instant cursor = cursor();
        String seen = cursor.plusSeconds(300).toString();
        gitlab.stubFor(CrmPollStubs.page(null, null, same("221", "Fay", "Six", "six@example.com", seen)));
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();
        assertEquals(Instant.parse(seen).toString(), bridge.query(CURSOR));

        restartBridge();
        firstRun();
        assertEquals(Instant.parse(seen).toString(), bridge.query(CURSOR), "the cursor survived the restart");
        // before the cursor minus the overlap (60 s): not news; after it: news
        String old = Instant.parse(seen).minusSeconds(61).toString();
        String later = Instant.parse(seen).plusSeconds(1).toString();
        gitlab.stubFor(CrmPollStubs.page(null, null, same("222", "Gus", "Seven", "seven@example.com", old),
                same("221", "Fay", "Six", "six@example.com", later)));
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();

        assertEquals(0, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", "gitlab:crm_contact:gid://gitlab/CustomerRelations::Contact/222:" + old));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = ?", "gitlab:crm_contact:gid://gitlab/CustomerRelations::Contact/221:" + later));
        assertEquals(Instant.parse(later).toString(), bridge.query(CURSOR));
    }

    /** The CRM contact as F6 made it (description from the project mapping's template), changed at {@code updatedAt}. */
    private static String same(String number, String first, String last, String email, String updatedAt) {
        return node(number, first, last, email, null, "Acme", updatedAt);
    }

    /** Links a contact through F6 (a create that matches none), then forgets the calls it made. */
    private static void linked(String id, String number, String first, String last, String email) throws Exception {
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(same(number, first, last, email, "2026-01-01T00:00:00Z")))));
        assertEquals(200, webhooks.ghl(contact("ContactCreate", id, first, last, email, null, Instant.now().minusSeconds(3600))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact' AND ghl_id = ?", id), "linked");
        gitlab.resetRequests();
        ghl.resetRequests();
    }

    private static Instant cursor() throws Exception {
        Object position = bridge.query(CURSOR);
        assertNotNull(position, "the first run stored a cursor");
        return Instant.parse(position.toString());
    }
}
