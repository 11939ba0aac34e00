package dev.bridge.flows;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.LogLines;
import dev.bridge.support.Stubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.bridge.support.CrmStubs.GRAPHQL;
import static dev.bridge.support.CrmStubs.INDUSTRY_FIELD;
import static dev.bridge.support.CrmStubs.LOCATION;
import static dev.bridge.support.CrmStubs.byId;
import static dev.bridge.support.CrmStubs.contact;
import static dev.bridge.support.CrmStubs.created;
import static dev.bridge.support.CrmStubs.graphql;
import static dev.bridge.support.CrmStubs.group;
import static dev.bridge.support.CrmStubs.node;
import static dev.bridge.support.CrmStubs.requests;
import static dev.bridge.support.CrmStubs.searches;
import static dev.bridge.support.CrmStubs.search;
import static dev.bridge.support.CrmStubs.updated;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F6: HighLevel contacts kept as GitLab CRM contacts (GraphQL stand-in matched on the query text). The test mapping
 * gives each conflict rule a field: firstName newer, lastName gitlab, email ghl; description is a template with a
 * custom field named by its key.
 */
class ContactToCrmFlowTest extends BridgeTest {


    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.withContacts("""
                contacts:
                  fields:
                    firstName:   { ghl: firstName, direction: both }
                    lastName:    { ghl: lastName,  direction: both, conflict: gitlab }
                    email:       { ghl: email,     direction: both, conflict: ghl }
                    phone:       { ghl: phone,     direction: both }
                    description: { template: "{{companyName}} · {{custom.industry}}", direction: to-gitlab }
                """);
        startBridge(p -> {
            p.put("gitlab.group", "acme");
            p.put("bridge.mapping-file", file.toString());
            p.put("bridge.http.read-timeout-ms", "1000");
        });
    }

    @BeforeEach
    void standIns() {
        ghl.stubFor(get(urlEqualTo("/locations/" + LOCATION + "/customFields")).willReturn(Stubs.okJson(
                "{\"customFields\":[{\"id\":\"" + INDUSTRY_FIELD + "\",\"name\":\"Industry\",\"fieldKey\":\"contact.industry\"}]}")));
        // any search finds nothing unless a test says otherwise
        gitlab.stubFor(graphql("contacts(search:").atPriority(10).willReturn(Stubs.okJson(group())));
    }

    @Test
    void a_new_contact_that_matches_none_becomes_one_crm_contact_with_the_mapped_fields() throws Exception {
        String id = "newContact0000000001";
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(node("13", "John", "Doe", "new1@example.com", "+1 883 232 7657", "Acme · Robotics", "2026-01-01T00:00:00Z")))));

        send(contact("ContactCreate", id, "John", "Doe", "new1@example.com", "+1 883 232 7657", Instant.now()));

        List<LoggedRequest> creates = requests(gitlab, "customerRelationsContactCreate");
        assertEquals(1, creates.size());
        assertEquals("glpat-test-gitlab-token-1234", creates.get(0).getHeader("PRIVATE-TOKEN"));
        gitlab.verify(postRequestedFor(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.variables", equalToJson("""
                {"input":{"groupId":"gid://gitlab/Group/26","firstName":"John","lastName":"Doe","email":"new1@example.com",
                 "phone":"+1 883 232 7657","description":"Acme · Robotics"}}"""))));
        // matched first, by e-mail then by phone
        assertEquals(1, searches(gitlab, "new1@example.com"));
        assertEquals(1, searches(gitlab, "+1 883 232 7657"));
        assertEquals("gid://gitlab/CustomerRelations::Contact/13", bridge.query("SELECT gitlab_id FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
        // the custom field's key was resolved once for the whole run
        assertTrue(ghl.findAll(getRequestedFor(urlEqualTo("/locations/" + LOCATION + "/customFields"))).size() <= 1);
    }

    @Test
    void a_crm_contact_with_the_same_email_in_another_case_is_linked_and_updated_not_made_again() throws Exception {
        String id = "emailMatch0000000001";
        gitlab.stubFor(search("match2@example.com", node("21", "John", "Doe", "MATCH2@Example.com", null, "old", "2026-01-01T00:00:00Z")));
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson(updated(
                node("21", "John", "Doe", "MATCH2@Example.com", "+1 555 000 0002", "Acme · Robotics", "2026-01-02T00:00:00Z")))));

        send(contact("ContactCreate", id, "John", "Doe", "match2@example.com", "+1 555 000 0002", Instant.now()));

        assertEquals(0, requests(gitlab, "customerRelationsContactCreate").size());
        // only what differs; the e-mail is the same address in another case, so it is left as GitLab has it
        assertUpdate("{\"input\":{\"id\":\"gid://gitlab/CustomerRelations::Contact/21\",\"phone\":\"+1 555 000 0002\",\"description\":\"Acme · Robotics\"}}");
        assertEquals("gid://gitlab/CustomerRelations::Contact/21", bridge.query("SELECT gitlab_id FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
    }

    @Test
    void a_crm_contact_with_the_same_phone_digits_is_linked_when_no_email_matches() throws Exception {
        String id = "phoneMatch0000000001";
        // GitLab's search is partial: another address that contains this one is no match
        gitlab.stubFor(search("phone3@example.com", node("30", "Other", "Person", "xphone3@example.com", null, null, "2026-01-01T00:00:00Z")));
        gitlab.stubFor(search("+18832320003", node("31", "John", "Doe", null, "+1 (883) 232-0003", "Acme · Robotics", "2026-01-01T00:00:00Z")));
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson(updated(
                node("31", "John", "Doe", "phone3@example.com", "+1 (883) 232-0003", "Acme · Robotics", "2026-01-02T00:00:00Z")))));

        send(contact("ContactCreate", id, "John", "Doe", "phone3@example.com", "+18832320003", Instant.now()));

        assertEquals(0, requests(gitlab, "customerRelationsContactCreate").size());
        // the phone is the same number written differently: left as GitLab has it
        assertUpdate("{\"input\":{\"id\":\"gid://gitlab/CustomerRelations::Contact/31\",\"email\":\"phone3@example.com\"}}");
        assertEquals("gid://gitlab/CustomerRelations::Contact/31", bridge.query("SELECT gitlab_id FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
    }

    @Test
    void two_crm_contacts_with_the_email_are_not_guessed_the_event_is_a_dead_letter() throws Exception {
        String id = "ambiguous00000000001";
        gitlab.stubFor(search("twice4@example.com", node("41", "John", "Doe", "twice4@example.com", null, null, "2026-01-01T00:00:00Z"),
                node("42", "Johnny", "Doe", "Twice4@example.com", null, null, "2026-01-01T00:00:00Z")));
        try (LogLines logs = LogLines.capture()) {
            send(contact("ContactCreate", id, "John", "Doe", "twice4@example.com", null, Instant.now()));
            Await.until("dead letter", () -> bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + id + "%") == 1);
            assertEquals(1, logs.containing("ambiguous: 2 CRM contacts have e-mail twice4@example.com").stream()
                    .filter(l -> l.message().contains(id)).count(), "one log line naming the contact");
        }
        String reason = (String) bridge.query("SELECT reason FROM dead_letters WHERE payload LIKE ?", "%" + id + "%");
        assertTrue(reason.contains("ambiguous: 2 CRM contacts have e-mail twice4@example.com"), reason);
        assertEquals(0, requests(gitlab, "customerRelationsContactCreate").size());
        assertEquals(0, requests(gitlab, "customerRelationsContactUpdate").size());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
    }

    @Test
    void an_update_sends_only_the_changed_fields_and_an_unchanged_or_stale_one_makes_no_call() throws Exception {
        String id = "updateContact0000001";
        String gid = linked(id, "51", "John", "Doe", "upd5@example.com", "2026-01-01T00:00:00Z");
        // GitLab holds what the bridge wrote (no change there)
        gitlab.stubFor(byId(gid, node("51", "John", "Doe", "upd5@example.com", null, "Acme · Robotics", "2026-01-01T00:00:00Z")));
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson(updated(
                node("51", "Johnny", "Doe", "upd5@example.com", null, "Acme · Robotics", "2026-01-03T00:00:00Z")))));
        Instant changedAt = Instant.now();

        send(contact("ContactUpdate", id, "Johnny", "Doe", "upd5@example.com", null, changedAt));
        assertUpdate("{\"input\":{\"id\":\"" + gid + "\",\"firstName\":\"Johnny\"}}");

        gitlab.resetRequests();
        // the same values again (a repeat, or the echo of a write), then an older event: GitLab is not called
        send(contact("ContactUpdate", id, "Johnny", "Doe", "upd5@example.com", null, changedAt.plusSeconds(5)));
        send(contact("ContactUpdate", id, "Jack", "Doe", "upd5@example.com", null, changedAt.minusSeconds(3600)));
        assertEquals(0, gitlab.findAll(postRequestedFor(urlEqualTo(GRAPHQL))).size());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + id + "%"));
    }

    @Test
    void both_sides_changed_ghl_rule_writes_gitlab_rule_keeps_and_newer_takes_the_later_change() throws Exception {
        String id = "conflictGhlNewer0001";
        String gid = linked(id, "61", "John", "Doe", "conf6@example.com", "2026-01-01T00:00:00Z");
        Instant ghlChange = Instant.now();
        // since the last sync GitLab changed all three fields, before the HighLevel change
        gitlab.stubFor(byId(gid, node("61", "Jon-GL", "Doe-GL", "gl6@example.com", null, "Acme · Robotics", ghlChange.minusSeconds(60).toString())));
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson(updated(
                node("61", "Jim", "Doe-GL", "new6@example.com", null, "Acme · Robotics", ghlChange.plusSeconds(1).toString())))));

        send(contact("ContactUpdate", id, "Jim", "Dough", "new6@example.com", null, ghlChange));

        // email (ghl) and firstName (newer: HighLevel's change is later) are written; lastName (gitlab) keeps GitLab's value
        assertUpdate("{\"input\":{\"id\":\"" + gid + "\",\"firstName\":\"Jim\",\"email\":\"new6@example.com\"}}");
        String gitlabValues = (String) bridge.query("SELECT gitlab_values FROM links WHERE kind = 'contact' AND ghl_id = ?", id);
        assertTrue(gitlabValues.contains("\"lastName\":\"Doe-GL\""), gitlabValues);
    }

    @Test
    void newer_rule_keeps_gitlabs_value_when_gitlab_changed_it_later() throws Exception {
        String id = "conflictNewerGitLab1";
        String gid = linked(id, "71", "John", "Doe", "conf7@example.com", "2026-01-01T00:00:00Z");
        Instant ghlChange = Instant.now().minusSeconds(120);
        gitlab.stubFor(byId(gid, node("71", "Jon-GL", "Doe", "conf7@example.com", null, "Acme · Robotics", Instant.now().toString())));

        send(contact("ContactUpdate", id, "Jim", "Doe", "conf7@example.com", null, ghlChange));

        assertEquals(1, requests(gitlab, "contacts(ids:").size(), "GitLab read once for the conflict");
        assertEquals(0, requests(gitlab, "customerRelationsContactUpdate").size());
        String gitlabValues = (String) bridge.query("SELECT gitlab_values FROM links WHERE kind = 'contact' AND ghl_id = ?", id);
        assertTrue(gitlabValues.contains("\"firstName\":\"Jon-GL\""), gitlabValues);
    }

    @Test
    void a_deleted_contact_makes_its_crm_contact_inactive() throws Exception {
        String id = "deleteContact0000001";
        String gid = linked(id, "81", "John", "Doe", "del8@example.com", "2026-01-01T00:00:00Z");
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson(updated(
                node("81", "John", "Doe", "del8@example.com", null, "Acme · Robotics", "2026-01-02T00:00:00Z")))));

        send(contact("ContactDelete", id, "John", "Doe", "del8@example.com", null, Instant.now()));
        send(contact("ContactDelete", id, "John", "Doe", "del8@example.com", null, Instant.now()));

        assertUpdate("{\"input\":{\"id\":\"" + gid + "\",\"active\":false}}");
        assertEquals(1, requests(gitlab, "customerRelationsContactUpdate").size(), "a repeated delete changes nothing");
        assertEquals("deleted", bridge.query("SELECT ghl_state FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
    }

    @Test
    void crm_off_in_the_group_is_a_dead_letter_said_once_in_the_log_and_in_health() throws Exception {
        gitlab.stubFor(graphql("contacts(search:").atPriority(1).willReturn(Stubs.okJson(
                "{\"errors\":[{\"message\":\"Feature disabled\"}],\"data\":{\"group\":null}}")));
        try (LogLines logs = LogLines.capture()) {
            send(contact("ContactCreate", "crmOff00000000000001", "John", "Doe", "off9@example.com", null, Instant.now()));
            send(contact("ContactCreate", "crmOff00000000000002", "Jane", "Doe", "off10@example.com", null, Instant.now()));
            Await.until("dead letters", () -> bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%crmOff0000000000000%") == 2);
            assertEquals(1, logs.containing("GitLab CRM is unavailable").stream().filter(l -> l.logger().endsWith("CrmStatus")).count(),
                    logs.containing("GitLab CRM").toString());
        }
        String reason = (String) bridge.query("SELECT reason FROM dead_letters WHERE payload LIKE ?", "%crmOff00000000000001%");
        assertTrue(reason.contains("Feature disabled") && reason.contains("enable customer relations"), reason);
        assertEquals(0, requests(gitlab, "customerRelationsContactCreate").size());
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridge.managementUrl("/observe/health?exposureLevel=full"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "CRM off does not make the bridge unready: " + health.body());
        assertTrue(health.body().contains("gitlab-crm") && health.body().contains("Feature disabled"), health.body());
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridge.managementUrl("/observe/health/ready"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
    }

    @Test
    void a_create_that_timed_out_after_gitlab_made_the_contact_is_found_on_retry_not_made_again() throws Exception {
        String id = "timeoutContact000001";
        String made = node("91", "John", "Doe", "slow11@example.com", null, "Acme · Robotics", "2026-01-01T00:00:00Z");
        // GitLab makes the contact but answers after the bridge's 1 s read timeout; from then on the search finds it
        gitlab.stubFor(graphql("customerRelationsContactCreate").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Stubs.okJson(created(made)).withFixedDelay(2500)).willSetStateTo("made"));
        gitlab.stubFor(search("slow11@example.com").inScenario("slow").whenScenarioStateIs("made").willReturn(Stubs.okJson(group(made))));

        send(contact("ContactCreate", id, "John", "Doe", "slow11@example.com", null, Instant.now()));
        Await.until("linked", () -> bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact' AND ghl_id = ?", id) == 1);

        assertEquals(1, requests(gitlab, "customerRelationsContactCreate").size());
        assertEquals("gid://gitlab/CustomerRelations::Contact/91", bridge.query("SELECT gitlab_id FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
    }

    @Test
    void a_contact_without_email_or_phone_whose_create_timed_out_is_found_by_its_names_on_retry() throws Exception {
        String id = "noReachContact000001";
        String made = node("92", "Nora", "Nobody", null, null, "Acme · Robotics", "2026-01-01T00:00:00Z");
        gitlab.stubFor(graphql("customerRelationsContactCreate").inScenario("slow-names").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Stubs.okJson(created(made)).withFixedDelay(2500)).willSetStateTo("made"));
        gitlab.stubFor(search("Nora Nobody").inScenario("slow-names").whenScenarioStateIs("made").willReturn(Stubs.okJson(group(made))));

        send(contact("ContactCreate", id, "Nora", "Nobody", null, null, Instant.now()));
        Await.until("linked", () -> bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact' AND ghl_id = ?", id) == 1);

        assertEquals(1, requests(gitlab, "customerRelationsContactCreate").size());
        assertEquals("gid://gitlab/CustomerRelations::Contact/92", bridge.query("SELECT gitlab_id FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
    }

    @Test
    void a_gitlab_without_the_active_argument_is_reported_once_and_the_delete_is_not_a_dead_letter() throws Exception {
        String id = "noActiveFlag00000001";
        linked(id, "95", "John", "Doe", "noactive@example.com", "2026-01-01T00:00:00Z");
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson("{\"errors\":[{\"message\":\"Variable $input of type "
                + "CustomerRelationsContactUpdateInput! was provided invalid value for active (Field is not defined on CustomerRelationsContactUpdateInput)\"}]}")));
        try (LogLines logs = LogLines.capture()) {
            send(contact("ContactDelete", id, "John", "Doe", "noactive@example.com", null, Instant.now()));
            send(contact("ContactDelete", id, "John", "Doe", "noactive@example.com", null, Instant.now()));
            assertEquals(1, logs.containing("does not know the CRM contact's 'active' argument").size());
        }
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + id + "%"));
        assertEquals("deleted", bridge.query("SELECT ghl_state FROM links WHERE kind = 'contact' AND ghl_id = ?", id));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(bridge.managementUrl("/observe/health?exposureLevel=full"))).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(health.body().contains("contacts deleted in HighLevel stay active in GitLab"), health.body());
    }

    @Test
    void a_graphql_internal_server_error_in_a_200_answer_is_retried_not_a_dead_letter() throws Exception {
        String id = "retryable0000000001";
        gitlab.stubFor(search("busy12@example.com").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Stubs.okJson("{\"errors\":[{\"message\":\"Internal server error\"}]}")).willSetStateTo("fine"));
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(
                node("96", "John", "Doe", "busy12@example.com", null, "Acme · Robotics", "2026-01-01T00:00:00Z")))));

        send(contact("ContactCreate", id, "John", "Doe", "busy12@example.com", null, Instant.now()));

        assertEquals(2, searches(gitlab, "busy12@example.com"), "the search failed once, then was retried");
        assertEquals(1, requests(gitlab, "customerRelationsContactCreate").size());
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + id + "%"));
    }

    /** Links a contact through the flow (a create that matches none), then forgets the calls it made. */
    private String linked(String id, String number, String first, String last, String email, String updatedAt) throws Exception {
        String node = node(number, first, last, email, null, "Acme · Robotics", updatedAt);
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(node))));
        send(contact("ContactCreate", id, first, last, email, null, Instant.now().minusSeconds(3600)));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact' AND ghl_id = ?", id), "linked");
        gitlab.resetRequests();
        return "gid://gitlab/CustomerRelations::Contact/" + number;
    }

    private void send(String body) throws Exception {
        assertEquals(200, webhooks.ghl(body).statusCode());
        bridge.awaitInboxDrained();
    }

    private void assertUpdate(String variables) {
        List<LoggedRequest> updates = requests(gitlab, "customerRelationsContactUpdate");
        assertEquals(1, updates.size(), updates.toString());
        gitlab.verify(postRequestedFor(urlEqualTo(GRAPHQL)).withRequestBody(matchingJsonPath("$.query", containing("customerRelationsContactUpdate")))
                .withRequestBody(matchingJsonPath("$.variables", equalToJson(variables))));
    }

}
