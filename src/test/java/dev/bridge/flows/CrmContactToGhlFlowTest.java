package dev.bridge.flows;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.poll.Poller;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.CrmPollStubs;
import dev.bridge.support.Stubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.bridge.support.CrmStubs.INDUSTRY_FIELD;
import static dev.bridge.support.CrmStubs.LOCATION;
import static dev.bridge.support.CrmStubs.contact;
import static dev.bridge.support.CrmStubs.created;
import static dev.bridge.support.CrmStubs.graphql;
import static dev.bridge.support.CrmStubs.group;
import static dev.bridge.support.CrmStubs.node;
import static dev.bridge.support.CrmStubs.requests;
import static dev.bridge.support.CrmStubs.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F7: a CRM contact changed in GitLab (found by the CRM contacts poller) updates its HighLevel contact with the
 * mapped fields that changed, as the conflict rules say; each echo (F6's write polled back, F7's write coming back
 * as a ContactUpdate webhook) changes nothing. Mapping: firstName newer, lastName gitlab, email ghl, phone to-ghl,
 * description a to-gitlab template.
 */
class CrmContactToGhlFlowTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.withContacts("""
                contacts:
                  fields:
                    firstName:   { ghl: firstName, direction: both }
                    lastName:    { ghl: lastName,  direction: both, conflict: gitlab }
                    email:       { ghl: email,     direction: both, conflict: ghl }
                    phone:       { ghl: custom.industry, direction: to-ghl }
                    description: { template: "{{companyName}} · {{custom.industry}}", direction: to-gitlab }
                """);
        startBridge(p -> {
            p.put("gitlab.group", "acme");
            p.put("bridge.mapping-file", file.toString());
        });
    }

    @BeforeEach
    void standIns() throws Exception {
        ghl.stubFor(get(urlEqualTo("/locations/" + LOCATION + "/customFields")).willReturn(Stubs.okJson(
                "{\"customFields\":[{\"id\":\"" + INDUSTRY_FIELD + "\",\"name\":\"Industry\",\"fieldKey\":\"contact.industry\"}]}")));
        gitlab.stubFor(graphql("contacts(search:").atPriority(10).willReturn(Stubs.okJson(group())));
        // the poller's first run ever sets its cursor to now: later changes are news
        if (bridge.query("SELECT position FROM poll_cursors WHERE name = 'gitlab-crm-contacts'") == null) {
            gitlab.stubFor(CrmPollStubs.page(null, null));
            assertEquals(Poller.Outcome.DONE, poller().poll());
            gitlab.resetRequests();
        }
    }

    @Test
    void only_the_changed_mapped_fields_are_sent_and_the_webhook_of_that_write_changes_nothing_in_gitlab() throws Exception {
        String id = "crmEdit0000000000001";
        String gid = linked(id, "101", "John", "Doe", "edit1@example.com");
        Instant edited = Instant.now().plusSeconds(5);
        // in GitLab: a new first name, and a new description (to-gitlab: it does not travel to HighLevel)
        ghlNow(id, "John", "Doe", "edit1@example.com", "Robotics", Instant.now().minusSeconds(600));
        String written = ghlWrites(id, "Jon", "Doe", "edit1@example.com", "Robotics");

        poll(node("101", "Jon", "Doe", "edit1@example.com", "Robotics", "Edited in GitLab", edited.toString()));

        List<LoggedRequest> puts = ghl.findAll(putRequestedFor(urlEqualTo("/contacts/" + id)));
        assertEquals(1, puts.size());
        ghl.verify(putRequestedFor(urlEqualTo("/contacts/" + id)).withRequestBody(equalToJson("{\"firstName\":\"Jon\"}")));
        assertEquals("pit-test-ghl-token-1234", puts.get(0).getHeader("Authorization").substring("Bearer ".length()));

        // HighLevel's ContactUpdate for that write: F6 finds what the link holds and calls GitLab for nothing
        gitlab.resetRequests();
        assertEquals(200, webhooks.ghl(contact("ContactUpdate", id, "Jon", "Doe", "edit1@example.com", null, Instant.parse(written))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(0, requests(gitlab, "customerRelationsContactUpdate").size());
        assertEquals(0, requests(gitlab, "contacts(ids:").size());

        // polled again with a later change time but nothing new: no call
        ghl.resetRequests();
        poll(node("101", "Jon", "Doe", "edit1@example.com", "Robotics", "Edited in GitLab", edited.plusSeconds(30).toString()));
        assertEquals(0, ghl.findAll(anyRequestedFor(urlPathMatching("/contacts/.*"))).size());
        assertEquals("DONE", bridge.query("SELECT status FROM inbox WHERE delivery_id = ?", "gitlab:crm_contact:" + gid + ":" + edited.plusSeconds(30)));
    }

    @Test
    void a_custom_field_travels_to_ghl_as_custom_fields_by_id() throws Exception {
        String id = "crmCustom00000000001";
        linked(id, "102", "Jane", "Roe", "custom2@example.com");
        ghlNow(id, "Jane", "Roe", "custom2@example.com", "Robotics", Instant.now().minusSeconds(600));
        ghlWrites(id, "Jane", "Roe", "custom2@example.com", "+1 555 0202");

        // (the stand-in's custom field holds text; a phone is compared by its digits)
        poll(node("102", "Jane", "Roe", "custom2@example.com", "+1 555 0202", "Acme · Robotics", Instant.now().plusSeconds(5).toString()));

        // phone (to-ghl) is fed from custom field industry; no locationId
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + id)).withRequestBody(equalToJson(
                "{\"customFields\":[{\"id\":\"" + INDUSTRY_FIELD + "\",\"field_value\":\"+1 555 0202\"}]}")));
    }

    @Test
    void the_poll_of_f6s_own_write_and_a_stale_poll_make_no_call() throws Exception {
        String id = "crmEcho000000000001";
        String gid = linked(id, "103", "John", "Doe", "echo3@example.com");
        String f6Write = Instant.now().plusSeconds(20).toString();
        gitlab.stubFor(graphql("contacts(ids:").willReturn(Stubs.okJson(group(node("103", "John", "Doe", "echo3@example.com", "Robotics",
                "Acme · Robotics", "2026-01-01T00:00:00Z")))));
        gitlab.stubFor(graphql("customerRelationsContactUpdate").willReturn(Stubs.okJson(updated(
                node("103", "Johnny", "Doe", "echo3@example.com", "Robotics", "Acme · Robotics", f6Write)))));
        assertEquals(200, webhooks.ghl(contact("ContactUpdate", id, "Johnny", "Doe", "echo3@example.com", null, Instant.now())).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(1, requests(gitlab, "customerRelationsContactUpdate").size(), "F6 wrote the first name");
        ghl.resetRequests();

        // F6's write, polled back; then a poll older than that write with another name
        poll(node("103", "Johnny", "Doe", "echo3@example.com", "Robotics", "Acme · Robotics", f6Write),
                node("103", "Jack", "Doe", "echo3@example.com", "Robotics", "Acme · Robotics", Instant.parse(f6Write).minusSeconds(10).toString()));

        assertEquals(0, ghl.findAll(anyRequestedFor(urlPathMatching("/contacts/.*"))).size());
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE' AND delivery_id LIKE ?", "gitlab:crm_contact:" + gid + ":%"));
    }

    @Test
    void both_sides_changed_gitlab_rule_writes_ghl_rule_keeps_and_newer_takes_gitlabs_later_change() throws Exception {
        String id = "crmConflict00000001";
        linked(id, "104", "John", "Doe", "conf4@example.com");
        Instant ghlChange = Instant.now().minusSeconds(60);
        // HighLevel changed all three since the last sync (its webhook not handled yet), before GitLab did
        ghlNow(id, "Jim", "Dough", "ghl4@example.com", "Robotics", ghlChange);
        ghlWrites(id, "Jon-GL", "Doe-GL", "ghl4@example.com", "Robotics");

        poll(node("104", "Jon-GL", "Doe-GL", "gl4@example.com", "Robotics", "Acme · Robotics", Instant.now().plusSeconds(5).toString()));

        // firstName (newer: GitLab's change is later) and lastName (gitlab) are written; email (ghl) keeps HighLevel's value
        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + id)).withRequestBody(equalToJson("{\"firstName\":\"Jon-GL\",\"lastName\":\"Doe-GL\"}")));
        ghl.verify(1, getRequestedFor(urlEqualTo("/contacts/" + id)));
    }

    @Test
    void newer_rule_keeps_ghls_value_when_ghl_changed_it_later() throws Exception {
        String id = "crmNewerGhl00000001";
        linked(id, "105", "John", "Doe", "conf5@example.com");
        Instant gitlabChange = Instant.now().plusSeconds(5);
        ghlNow(id, "Jim", "Doe", "conf5@example.com", "Robotics", gitlabChange.plusSeconds(60));

        poll(node("105", "Jon-GL", "Doe", "conf5@example.com", "Robotics", "Acme · Robotics", gitlabChange.toString()));

        assertEquals(0, ghl.findAll(putRequestedFor(urlPathMatching("/contacts/.*"))).size());
        String gitlabValues = (String) bridge.query("SELECT gitlab_values FROM links WHERE kind = 'contact' AND ghl_id = ?", id);
        assertTrue(gitlabValues.contains("\"firstName\":\"Jon-GL\""), gitlabValues);
    }

    @Test
    void gitlab_rule_alone_writes_without_reading_ghl() throws Exception {
        String id = "crmGitLabRule000001";
        linked(id, "106", "John", "Doe", "rule6@example.com");
        ghlWrites(id, "John", "Doe-GL", "rule6@example.com", "Robotics");

        poll(node("106", "John", "Doe-GL", "rule6@example.com", "Robotics", "Acme · Robotics", Instant.now().plusSeconds(5).toString()));

        ghl.verify(1, putRequestedFor(urlEqualTo("/contacts/" + id)).withRequestBody(equalToJson("{\"lastName\":\"Doe-GL\"}")));
        ghl.verify(0, getRequestedFor(urlEqualTo("/contacts/" + id)));
    }

    @Test
    void an_inactive_crm_contact_changes_nothing_in_ghl() throws Exception {
        String id = "crmInactive00000001";
        linked(id, "107", "John", "Doe", "inactive7@example.com");

        poll(node("107", "Jon", "Doe", "inactive7@example.com", "Robotics", "Acme · Robotics", Instant.now().plusSeconds(5).toString())
                .replace("\"active\":true", "\"active\":false"));

        assertEquals(0, ghl.findAll(anyRequestedFor(urlPathMatching("/contacts/.*"))).size());
    }

    /** Links a contact through F6 (a create that matches none), then forgets the calls it made. */
    private String linked(String id, String number, String first, String last, String email) throws Exception {
        gitlab.stubFor(graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(created(
                node(number, first, last, email, "Robotics", "Acme · Robotics", "2026-01-01T00:00:00Z")))));
        assertEquals(200, webhooks.ghl(contact("ContactCreate", id, first, last, email, null, Instant.now().minusSeconds(3600))).statusCode());
        bridge.awaitInboxDrained();
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact' AND ghl_id = ?", id), "linked");
        gitlab.resetRequests();
        ghl.resetRequests();
        return "gid://gitlab/CustomerRelations::Contact/" + number;
    }

    /** The contact as GET /contacts/:id answers now. */
    private static void ghlNow(String id, String first, String last, String email, String industry, Instant dateUpdated) {
        ghl.stubFor(get(urlEqualTo("/contacts/" + id)).willReturn(Stubs.okJson("{\"contact\":" + ghlContact(id, first, last, email, industry,
                dateUpdated.toString()) + "}")));
    }

    /** PUT /contacts/:id answers the contact with these values; returns its new dateUpdated. */
    private static String ghlWrites(String id, String first, String last, String email, String industry) {
        String dateUpdated = Instant.now().plusSeconds(40).toString();
        ghl.stubFor(put(urlEqualTo("/contacts/" + id)).willReturn(Stubs.okJson("{\"succeded\":true,\"contact\":"
                + ghlContact(id, first, last, email, industry, dateUpdated) + "}")));
        return dateUpdated;
    }

    private static String ghlContact(String id, String first, String last, String email, String industry, String dateUpdated) {
        return "{\"id\":\"" + id + "\",\"locationId\":\"" + LOCATION + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last
                + "\",\"email\":\"" + email + "\",\"companyName\":\"Acme\",\"customFields\":[{\"id\":\"" + INDUSTRY_FIELD + "\",\"value\":\""
                + industry + "\"}],\"dateUpdated\":\"" + dateUpdated + "\"}";
    }

    /** One poll that finds these CRM contacts on one page; waits until their events ran. */
    private static void poll(String... nodes) throws Exception {
        gitlab.stubFor(CrmPollStubs.page(null, null, nodes));
        assertEquals(Poller.Outcome.DONE, poller().poll());
        bridge.awaitInboxDrained();
    }

    private static Poller poller() {
        return bridge.context().getRegistry().lookupByNameAndType("gitlabCrmContactsPoller", Poller.class);
    }
}
