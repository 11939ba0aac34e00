package dev.bridge.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.GhlContactTasks;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.bridge.support.CrmStubs.created;
import static dev.bridge.support.CrmStubs.graphql;
import static dev.bridge.support.CrmStubs.group;
import static dev.bridge.support.CrmStubs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F9: onboarding tasks from the mapping's template, made once per contact however often the event arrives, is
 * retried after a timeout or replayed; by ContactCreate or by a tag added; each then becomes an issue through F1.
 */
class OnboardingFlowTest extends BridgeTest {

    static final String OWNER = "ownerUser00000000001";
    static final String FIXED = "63e4qiWDsFJjOYAC8phG";
    static final String WELCOME = "Welcome call with ";
    static final String KICKOFF = "Kick-off meeting";
    static final String PACK = "Send the welcome pack";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** HighLevel, keeping each contact's tasks as they are made (GhlContactTasks), so a search finds them as in HighLevel. */
    @RegisterExtension
    static WireMockExtension highlevel = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(new GhlContactTasks())).build();

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.changed(mapping -> mapping + """

                onboarding:
                  when: { contactCreated: true, tagAdded: [Onboard] }
                  tasks:
                    - title: "Welcome call with {{firstName}}"
                      body: "Call {{name}} on {{phone}} about {{companyName}}."
                      due: 2d
                      assignee: contact-owner
                    - title: Kick-off meeting
                      due: 4h
                      assignee: 63e4qiWDsFJjOYAC8phG
                    - title: Send the welcome pack
                      due: 1w
                      assignee: none
                """);
        startBridge(p -> {
            p.put("ghl.base-url", highlevel.baseUrl());
            p.put("gitlab.group", "acme");
            p.put("bridge.mapping-file", file.toString());
            p.put("bridge.http.read-timeout-ms", "1000");
        });
    }

    @BeforeEach
    void standIns() {
        // HighLevel makes any task it is asked for, and lists a contact's tasks
        highlevel.resetAll();
        GhlContactTasks.reset();
        highlevel.stubFor(post(urlPathMatching("/contacts/[^/]+/tasks")).atPriority(10).willReturn(aResponse().withTransformers(GhlContactTasks.NAME)));
        highlevel.stubFor(get(urlPathMatching("/contacts/[^/]+/tasks")).atPriority(10).willReturn(aResponse().withTransformers(GhlContactTasks.NAME)));
        // the CRM part of ContactCreate (F6): no CRM contact matches, a new one is made
        gitlab.stubFor(graphql("contacts(search:").atPriority(10).willReturn(Stubs.okJson(group())));
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(node("{{randomValue length=9 type='NUMERIC'}}",
                "John", "Doe", null, null, null, "2026-01-01T00:00:00Z"))).withTransformers("response-template")));
        gitlab.stubFor(graphql("issueSetCrmContacts").willReturn(Stubs.okJson(
                "{\"data\":{\"issueSetCrmContacts\":{\"issue\":{\"id\":\"gid://gitlab/Issue/1\"},\"errors\":[]}}}")));
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42")).willReturn(Stubs.okJson("{\"id\":42,\"path_with_namespace\":\"acme/support\"}")));
    }

    /** A HighLevel contact event in the shape of the reference's ContactCreate / ContactTagUpdate. */
    static String contactEvent(String type, String id, String first, String owner, String... tags) {
        List<String> quoted = Stream.of(tags).map(Stubs::json).toList();
        return Webhooks.fixture("ghl/contact-event.json", Map.of("type", type, "contactId", id, "email", id.toLowerCase() + "@example.com",
                "name", first == null ? "Doe" : first + " Doe",
                "names", (first == null ? "" : "\"firstName\":" + Stubs.json(first) + ",") + "\"lastName\":\"Doe\",",
                "tags", "[" + String.join(",", quoted) + "]",
                "assignedTo", owner == null ? "" : "\"assignedTo\":" + Stubs.json(owner) + ","));
    }

    private void send(String event) throws Exception {
        assertEquals(200, webhooks.ghl(event).statusCode());
    }

    /** The task creations HighLevel got for the contact, by title. */
    private static List<Map<String, Object>> posts(String contactId) throws Exception {
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (LoggedRequest r : highlevel.findAll(postRequestedFor(urlEqualTo("/contacts/" + contactId + "/tasks")))) {
            bodies.add(JSON.readValue(r.getBodyAsString(), LinkedHashMap.class));
        }
        return bodies;
    }

    private static Map<String, Long> titles(String contactId) throws Exception {
        return posts(contactId).stream().collect(Collectors.groupingBy(b -> String.valueOf(b.get("title")), Collectors.counting()));
    }

    private static Map<String, Object> made(String contactId, String title) throws Exception {
        return posts(contactId).stream().filter(b -> title.equals(b.get("title"))).findFirst().orElseThrow(() -> new AssertionError("no task " + title));
    }

    private static long deadLetters(String contactId) throws Exception {
        return bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + contactId + "%");
    }

    /** The task the bridge recorded for a contact's n-th template task. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> recorded(String contactId, int n) throws Exception {
        Object result = bridge.query("SELECT result FROM effects WHERE effect_key = ? AND state = 'DONE'", "onboarding:" + contactId + ":" + n);
        return result == null ? null : JSON.readValue(result.toString(), LinkedHashMap.class);
    }

    @Test
    void the_same_contact_create_three_times_makes_each_task_once_and_a_tag_added_later_none() throws Exception {
        String cid = "onbThrice00000000001";
        String event = contactEvent("ContactCreate", cid, "John", OWNER, "vip");
        send(event);
        send(event); // the same delivery again
        send(contactEvent("ContactCreate", cid, "John", OWNER, "vip")); // GHL's retry, with a new webhookId
        bridge.awaitInboxDrained();
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.ContactCreate' AND status = 'DONE' AND entity_key = ?", "ghl:contact:" + cid),
                "two deliveries ran the flows (the repeated webhookId is a duplicate)");

        assertEquals(Map.of(WELCOME + "John", 1L, KICKOFF, 1L, PACK, 1L), titles(cid));
        // onboarded when created: the tag added later makes nothing
        send(contactEvent("ContactTagUpdate", cid, "John", OWNER, "vip", "onboard"));
        bridge.awaitInboxDrained();
        assertEquals(3, posts(cid).size());
        assertEquals(0, deadLetters(cid));
    }

    @Test
    void a_task_post_that_times_out_after_highlevel_made_it_is_found_by_the_retry_not_made_again() throws Exception {
        String cid = "onbTimeout0000000001";
        String path = "/contacts/" + cid + "/tasks";
        // a task of the same title that a person made long ago
        GhlContactTasks.seed(cid, Map.of("id", "oldTask0000000000001", "title", WELCOME + "Ann", "completed", true, "dateAdded", "2025-01-02T03:04:05.000Z"));
        // HighLevel makes the welcome call but answers after the bridge's 1 s read timeout
        highlevel.stubFor(post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.title", equalTo(WELCOME + "Ann"))).atPriority(1)
                .willReturn(aResponse().withFixedDelay(2500).withTransformers(GhlContactTasks.NAME)));

        send(contactEvent("ContactCreate", cid, "Ann", OWNER));
        bridge.awaitInboxDrained();

        assertEquals(Map.of(WELCOME + "Ann", 1L, KICKOFF, 1L, PACK, 1L), titles(cid));
        assertTrue(highlevel.findAll(getRequestedFor(urlEqualTo(path))).size() >= 1, "the retry looked at the contact's tasks");
        String made = (String) recorded(cid, 1).get("id");
        assertTrue(made.startsWith("madeTask"), "the task made by the call that timed out, not the old one: " + made);
        assertEquals(0, deadLetters(cid));
    }

    @Test
    void a_trigger_tag_added_onboards_once_and_removed_and_added_again_not_again() throws Exception {
        String cid = "onbTagged00000000001";
        send(contactEvent("ContactTagUpdate", cid, "Tina", OWNER, "vip"));
        bridge.awaitInboxDrained();
        assertEquals(0, posts(cid).size(), "a tag that is no trigger makes nothing");

        send(contactEvent("ContactTagUpdate", cid, "Tina", OWNER, "vip", "onboard"));
        bridge.awaitInboxDrained();
        assertEquals(Map.of(WELCOME + "Tina", 1L, KICKOFF, 1L, PACK, 1L), titles(cid));

        send(contactEvent("ContactTagUpdate", cid, "Tina", OWNER, "vip"));
        send(contactEvent("ContactTagUpdate", cid, "Tina", OWNER, "vip", "Onboard"));
        bridge.awaitInboxDrained();
        assertEquals(3, posts(cid).size(), "once per contact: the tag added again onboards nobody again");
        assertEquals(0, deadLetters(cid));
    }

    @Test
    void tasks_carry_the_contacts_fields_their_due_offsets_and_assignees() throws Exception {
        String cid = "onbFields00000000001";
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        send(contactEvent("ContactCreate", cid, "John", OWNER));
        bridge.awaitInboxDrained();
        Instant after = Instant.now();

        Map<String, Object> welcome = made(cid, WELCOME + "John");
        Map<String, Object> kickoff = made(cid, KICKOFF);
        Map<String, Object> pack = made(cid, PACK);
        assertEquals("Call John Doe on +919509597501 about Acme.", welcome.get("body"));
        assertEquals(OWNER, welcome.get("assignedTo"), "contact-owner: the contact's assignedTo");
        assertEquals(FIXED, kickoff.get("assignedTo"), "a fixed user");
        assertFalse(pack.containsKey("assignedTo"), "none: " + pack);
        assertFalse(kickoff.containsKey("body"), "no body in the template, none sent: " + kickoff);
        for (Map<String, Object> t : List.of(welcome, kickoff, pack)) {
            assertEquals(false, t.get("completed"));
        }
        // the offsets count from when the bridge made the tasks, all from the same moment
        Instant dueKickoff = Instant.parse((String) kickoff.get("dueDate"));
        assertEquals(Duration.ofHours(44), Duration.between(dueKickoff, Instant.parse((String) welcome.get("dueDate"))));
        assertEquals(Duration.ofDays(7).minusHours(4), Duration.between(dueKickoff, Instant.parse((String) pack.get("dueDate"))));
        assertFalse(dueKickoff.isBefore(before.plus(Duration.ofHours(4))), dueKickoff + " is before " + before + " + 4h");
        assertFalse(dueKickoff.isAfter(after.plus(Duration.ofHours(4))), dueKickoff + " is after " + after + " + 4h");

        // a contact with no owner and no first name: the owner's task is unassigned, and the title keeps its own words
        String bare = "onbNoOwner0000000001";
        send(contactEvent("ContactCreate", bare, null, null));
        bridge.awaitInboxDrained();
        Map<String, Object> unowned = made(bare, "Welcome call with");
        assertFalse(unowned.containsKey("assignedTo"), unowned.toString());
        assertEquals("Call Doe on +919509597501 about Acme.", unowned.get("body"));
        assertEquals(FIXED, made(bare, KICKOFF).get("assignedTo"));
    }

    @Test
    void a_dead_letter_replayed_twice_makes_no_task_a_second_time() throws Exception {
        String cid = "onbReplay00000000001";
        String path = "/contacts/" + cid + "/tasks";
        // HighLevel refuses the kick-off task (say, the fixed user left the account) until the operator fixes it
        highlevel.stubFor(post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.title", equalTo(KICKOFF))).atPriority(1)
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"statusCode\":422,\"message\":[\"assignedTo is not a user of this location\"],\"error\":\"Unprocessable Entity\"}")));

        send(contactEvent("ContactCreate", cid, "Dora", OWNER));
        Await.until("dead letter", () -> deadLetters(cid) == 1);
        bridge.awaitInboxDrained();
        assertEquals(Map.of(WELCOME + "Dora", 1L, KICKOFF, 1L), titles(cid));
        long first = bridge.count("SELECT MAX(id) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%");
        assertEquals("ghl-contact-to-onboarding-tasks", bridge.query("SELECT flow FROM dead_letters WHERE id = ?", first));

        // replayed while HighLevel still refuses: the welcome call is not made again, the event is a dead letter again
        assertEquals(200, bridge.adminPost("/admin/dead-letters/" + first + "/replay").statusCode());
        Await.until("second dead letter", () -> deadLetters(cid) == 2);
        bridge.awaitInboxDrained();
        assertEquals(Map.of(WELCOME + "Dora", 1L, KICKOFF, 2L), titles(cid));

        // fixed; replayed again: the kick-off and the pack are made, the welcome call still once
        highlevel.removeStub(highlevel.getStubMappings().stream().filter(s -> s.getPriority() != null && s.getPriority() == 1).findFirst().orElseThrow());
        long second = bridge.count("SELECT MAX(id) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%");
        assertNotEquals(first, second);
        assertEquals(200, bridge.adminPost("/admin/dead-letters/" + second + "/replay").statusCode());
        Await.until("replay done", () -> "DONE".equals(bridge.query("SELECT status FROM inbox WHERE event_type = 'ghl.ContactCreate' AND entity_key = ?", "ghl:contact:" + cid)));
        assertEquals(Map.of(WELCOME + "Dora", 1L, KICKOFF, 3L, PACK, 1L), titles(cid));

        // replaying either dead letter once more is refused, and the event delivered again makes nothing
        assertEquals(404, bridge.adminPost("/admin/dead-letters/" + first + "/replay").statusCode());
        assertEquals(404, bridge.adminPost("/admin/dead-letters/" + second + "/replay").statusCode());
        send(contactEvent("ContactCreate", cid, "Dora", OWNER));
        bridge.awaitInboxDrained();
        assertEquals(5, posts(cid).size());
    }

    @Test
    void the_taskcreate_highlevel_sends_for_an_onboarding_task_becomes_one_gitlab_issue_through_f1() throws Exception {
        String cid = "onbIssue000000000001";
        send(contactEvent("ContactCreate", cid, "Ivy", OWNER));
        bridge.awaitInboxDrained();
        String taskId = (String) recorded(cid, 2).get("id");
        String path = "/contacts/" + cid + "/tasks/" + taskId;
        highlevel.stubFor(get(urlEqualTo(path)).willReturn(Stubs.okJson("{\"task\":{\"id\":\"" + taskId + "\",\"title\":\"Kick-off meeting\","
                + "\"assignedTo\":\"" + FIXED + "\",\"dueDate\":\"2026-12-24T12:00:00.000Z\",\"completed\":false,\"contactId\":\"" + cid + "\"}}")));
        highlevel.stubFor(put(urlEqualTo(path)).willReturn(Stubs.okJson("{\"task\":{\"id\":\"" + taskId + "\",\"title\":\"Kick-off meeting\",\"completed\":false}}")));
        Stubs.gitlabCreate(gitlab, 77, KICKOFF, "x");

        // what HighLevel sends about the task the bridge made (the reference's TaskCreate shape), twice
        String taskCreate = Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId)).replace(Stubs.CONTACT_ID, cid)
                .replace("Login broken for Acme", KICKOFF);
        send(taskCreate);
        send(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId)).replace(Stubs.CONTACT_ID, cid).replace("Login broken for Acme", KICKOFF));
        bridge.awaitInboxDrained();

        List<LoggedRequest> issues = gitlab.findAll(postRequestedFor(urlEqualTo("/api/v4/projects/42/issues")));
        assertEquals(1, issues.size());
        assertTrue(issues.get(0).getBodyAsString().contains("\"title\":\"Kick-off meeting\""), issues.get(0).getBodyAsString());
        assertEquals(77L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
        assertEquals(3, posts(cid).size(), "the TaskCreate echo makes no further task");
        assertEquals(0, deadLetters(cid));
    }
}
