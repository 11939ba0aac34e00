package dev.bridge.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GHL contacts poller through the real bridge: paging with searchAfter, one inbox event per change however
 * often it is found, a cursor that only moves past what is stored, survives a restart, and waits out a Retry-After.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GhlContactsPollerTest extends BridgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String SEARCH = "/contacts/search";

    @BeforeAll
    static void start() throws Exception {
        // pages of two, so that three pages need five contacts
        startBridge(p -> p.put("bridge.poll.ghl-contacts.page-size", "2"));
    }

    private static Poller poller() {
        return bridge.context().getRegistry().lookupByNameAndType("ghlContactsPoller", Poller.class);
    }

    private static String contact(String id, String updated, String searchAfter) {
        return contact(id, updated, searchAfter, "2021-07-02T05:18:26.704Z");
    }

    private static String contact(String id, String updated, String searchAfter, String added) {
        return "{\"id\":\"" + id + "\",\"dateAdded\":\"" + added + "\",\"locationId\":\"ve9EPM428h8vShlRW1KT\",\"firstName\":\"Ann\",\"firstNameLowerCase\":\"ann\","
                + "\"lastName\":\"Lee\",\"email\":\"" + id + "@example.com\",\"phone\":\"+15550100\",\"companyName\":\"Acme\","
                + "\"tags\":[\"vip\"],\"customFields\":[{\"id\":\"cf1\",\"value\":\"Gold\"}],\"dateUpdated\":\"" + updated + "\""
                + (searchAfter == null ? "" : ",\"searchAfter\":" + searchAfter) + "}";
    }

    private static String page(String... contacts) {
        return "{\"contacts\":[" + String.join(",", contacts) + "],\"total\":" + contacts.length + ",\"traceId\":\"t\"}";
    }

    /** The first page (no searchAfter) answers {@code body}. */
    private static void firstPage(String body) {
        ghl.stubFor(post(urlEqualTo(SEARCH)).atPriority(5).willReturn(Stubs.okJson(body)));
    }

    /** The page after the contact {@code afterId}. */
    private static void pageAfter(String afterId, String body) {
        ghl.stubFor(post(urlEqualTo(SEARCH)).atPriority(1).withRequestBody(matchingJsonPath("$.searchAfter[1]", equalTo(afterId)))
                .willReturn(Stubs.okJson(body)));
    }

    private static List<JsonNode> searches() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : ghl.findAll(postRequestedFor(urlEqualTo(SEARCH)))) {
            bodies.add(JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    private static Instant cursor() throws Exception {
        Object v = bridge.query("SELECT position FROM poll_cursors WHERE name = 'ghl-contacts'");
        return v == null ? null : Instant.parse(v.toString());
    }

    private static long stored(String contactId, String updated) throws Exception {
        return bridge.count("SELECT COUNT(*) FROM inbox WHERE source = 'poll' AND delivery_id = ?", "ghl:contact:" + contactId + ":" + updated);
    }

    private static String gte(JsonNode search) {
        return search.path("filters").get(0).path("value").path("gte").asText();
    }

    @Test
    @Order(1)
    void three_pages_are_read_with_searchAfter_and_every_contact_reaches_the_inbox_once() throws Exception {
        firstPage(page(contact("pc1", "2030-01-01T10:00:01.000Z", "[1893492001000,\"pc1\"]"),
                contact("pc2", "2030-01-01T10:00:02.000Z", "[1893492002000,\"pc2\"]")));
        // pc4 carries no searchAfter: the next page is asked for after its [dateUpdated, id]
        // pc3 was made within the window polled (the others long ago): its ContactCreate may never have come
        pageAfter("pc2", page(contact("pc3", "2030-01-01T10:00:03.000Z", "[1893492003000,\"pc3\"]", "2030-01-01T10:00:03.000Z"),
                contact("pc4", "2030-01-01T10:00:04.000Z", null)));
        pageAfter("pc4", page(contact("pc5", "2030-01-01T10:00:05.000Z", "[1893492005000,\"pc5\"]")));

        assertEquals(Poller.Outcome.DONE, poller().poll());

        List<JsonNode> searches = searches();
        assertEquals(3, searches.size());
        JsonNode first = searches.get(0);
        assertEquals("ve9EPM428h8vShlRW1KT", first.path("locationId").asText());
        assertEquals(2, first.path("pageLimit").asInt());
        assertEquals("dateUpdated", first.path("filters").get(0).path("field").asText());
        assertEquals("range", first.path("filters").get(0).path("operator").asText());
        assertEquals("dateUpdated", first.path("sort").get(0).path("field").asText());
        assertEquals("asc", first.path("sort").get(0).path("direction").asText());
        assertTrue(first.path("searchAfter").isMissingNode(), first.toString());
        assertEquals("[1893492002000,\"pc2\"]", searches.get(1).path("searchAfter").toString());
        assertEquals("[\"2030-01-01T10:00:04.000Z\",\"pc4\"]", searches.get(2).path("searchAfter").toString());
        for (JsonNode s : searches) {
            assertEquals(gte(first), gte(s), "every page asks for the same window");
        }

        for (int i = 1; i <= 5; i++) {
            assertEquals(1, stored("pc" + i, "2030-01-01T10:00:0" + i + ".000Z"), "pc" + i);
        }
        assertEquals("ghl.ContactUpdate", bridge.query("SELECT event_type FROM inbox WHERE delivery_id = 'ghl:contact:pc1:2030-01-01T10:00:01.000Z'"));
        assertEquals("ghl:contact:pc1", bridge.query("SELECT entity_key FROM inbox WHERE delivery_id = 'ghl:contact:pc1:2030-01-01T10:00:01.000Z'"));
        JsonNode event = JSON.readTree(bridge.query("SELECT p.payload FROM inbox i JOIN inbox_payload p ON p.id = i.id "
                + "WHERE i.delivery_id = 'ghl:contact:pc4:2030-01-01T10:00:04.000Z'").toString());
        assertEquals("ContactUpdate", event.path("type").asText());
        assertEquals("pc4", event.path("id").asText());
        assertEquals("ve9EPM428h8vShlRW1KT", event.path("locationId").asText());
        assertEquals("Ann", event.path("firstName").asText());
        assertEquals("Acme", event.path("companyName").asText());
        assertEquals("[\"vip\"]", event.path("tags").toString());
        assertEquals("Gold", event.path("customFields").get(0).path("value").asText());
        assertEquals("2030-01-01T10:00:04.000Z", event.path("dateUpdated").asText());
        assertFalse(event.has("searchAfter") || event.has("firstNameLowerCase"), event.toString());
        // and its tags as a ContactTagUpdate, in the contact's sequence, marked as polled
        JsonNode tags = JSON.readTree(bridge.query("SELECT p.payload FROM inbox i JOIN inbox_payload p ON p.id = i.id "
                + "WHERE i.delivery_id = 'ghl:contact-tags:pc4:2030-01-01T10:00:04.000Z' AND i.event_type = 'ghl.ContactTagUpdate'").toString());
        assertEquals("ContactTagUpdate", tags.path("type").asText());
        assertEquals("[\"vip\"]", tags.path("tags").toString());
        assertTrue(tags.path("bridgePolled").asBoolean(), tags.toString());
        assertEquals("ghl:contact:pc4", bridge.query("SELECT entity_key FROM inbox WHERE delivery_id = 'ghl:contact-tags:pc4:2030-01-01T10:00:04.000Z'"));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.ContactCreate'"), "only the contact made in the window");
        assertEquals("ghl:contact:pc3", bridge.query("SELECT entity_key FROM inbox WHERE delivery_id = 'ghl:contact-created:pc3'"));
        assertEquals(Instant.parse("2030-01-01T10:00:05.000Z"), cursor());
    }

    @Test
    @Order(2)
    void the_overlap_finds_a_stored_change_again_and_it_is_stored_once() throws Exception {
        Instant before = cursor();
        firstPage(page(contact("pc5", "2030-01-01T10:00:05.000Z", "[1893492005000,\"pc5\"]")));

        assertEquals(Poller.Outcome.DONE, poller().poll());

        assertEquals(DATE.format(before.minusSeconds(60)), gte(searches().get(0)), "asks from the cursor minus the overlap");
        assertEquals(1, stored("pc5", "2030-01-01T10:00:05.000Z"));
        assertEquals(5, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.ContactUpdate'"));

        // a new change of the same contact is a new event
        ghl.resetAll();
        firstPage(page(contact("pc5", "2030-01-01T10:00:05.000Z", "[1893492005000,\"pc5\"]"),
                contact("pc5", "2030-01-01T10:00:09.000Z", "[1893492009000,\"pc5\"]")));
        pageAfter("pc5", page());
        assertEquals(Poller.Outcome.DONE, poller().poll());
        assertEquals(1, stored("pc5", "2030-01-01T10:00:09.000Z"));
        assertEquals(6, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.ContactUpdate'"));
        assertEquals(Instant.parse("2030-01-01T10:00:09.000Z"), cursor());
    }

    @Test
    @Order(3)
    void a_failed_page_keeps_the_cursor_and_the_next_run_covers_the_window() throws Exception {
        firstPage(page(contact("pf1", "2030-02-01T10:00:01.000Z", "[1,\"pf1\"]"), contact("pf2", "2030-02-01T10:00:02.000Z", "[2,\"pf2\"]")));
        ghl.stubFor(post(urlEqualTo(SEARCH)).atPriority(1).withRequestBody(matchingJsonPath("$.searchAfter[1]", equalTo("pf2")))
                .willReturn(aResponse().withStatus(503)));

        assertEquals(Poller.Outcome.FAILED, poller().poll());
        // page one is in the inbox, so the cursor is past it; nothing of the failed page was skipped
        assertEquals(Instant.parse("2030-02-01T10:00:02.000Z"), cursor());

        ghl.resetAll();
        firstPage(page(contact("pf2", "2030-02-01T10:00:02.000Z", "[2,\"pf2\"]"), contact("pf3", "2030-02-01T10:00:03.000Z", "[3,\"pf3\"]")));
        pageAfter("pf3", page(contact("pf4", "2030-02-01T10:00:04.000Z", "[4,\"pf4\"]")));
        assertEquals(Poller.Outcome.DONE, poller().poll());

        assertEquals("2030-02-01T09:59:02.000Z", gte(searches().get(0)), "the next run asks again from the cursor minus the overlap");
        for (int i = 1; i <= 4; i++) {
            assertEquals(1, stored("pf" + i, "2030-02-01T10:00:0" + i + ".000Z"), "pf" + i);
        }
        assertEquals(Instant.parse("2030-02-01T10:00:04.000Z"), cursor());
    }

    @Test
    @Order(4)
    void a_retry_after_skips_the_runs_until_then_and_keeps_the_cursor() throws Exception {
        Instant before = cursor();
        ghl.stubFor(post(urlEqualTo(SEARCH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

        assertEquals(Poller.Outcome.FAILED, poller().poll());
        assertEquals(Poller.Outcome.WAITING, poller().poll());

        // only searches count: the earlier tests' polled events may still be running their flows
        assertEquals(1, ghl.findAll(postRequestedFor(urlEqualTo(SEARCH))).size(), "the second run made no call");
        assertEquals(before, cursor());
    }

    @Test
    @Order(5)
    void after_a_restart_the_first_search_starts_from_the_stored_cursor_minus_the_overlap() throws Exception {
        Instant stored = cursor();
        restartBridge();
        firstPage(page(contact("pr1", "2030-03-01T10:00:01.000Z", "[1,\"pr1\"]")));

        assertEquals(Poller.Outcome.DONE, poller().poll());

        assertEquals(DATE.format(stored.minusSeconds(60)), gte(searches().get(0)));
        assertEquals("2030-02-01T09:59:04.000Z", gte(searches().get(0)));
        assertEquals(1, stored("pr1", "2030-03-01T10:00:01.000Z"));
        assertEquals(Instant.parse("2030-03-01T10:00:01.000Z"), cursor());
        assertNull(bridge.context().getRoute("poll-ghl-contacts"), "the schedule is off in tests: runs are started by the test");
    }
}
