package dev.bridge.flows;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.CrmStubs;
import dev.bridge.support.MappingFiles;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F8: a contact's tags and the labels of its GitLab issues (its own issue and its task issues), as the tags rules pair
 * them and only the way each rule says; echoes, repeats and tags or labels no rule names change nothing.
 */
class TagLabelFlowTest extends BridgeTest {

    static final String ISSUES = "/api/v4/projects/42/issues";
    static final String LOCATION = "ve9EPM428h8vShlRW1KT";
    static final String USER = "bNl8QNGXhIQJLv8eeASQ";

    @BeforeAll
    static void start() throws Exception {
        Path file = MappingFiles.changed(mapping -> mapping.replace("for: linked-tasks", "for: all").replace("tags: []", """
                tags:
                  - { tag: VIP, label: "customer::vip" }
                  - { tag: churn-risk, label: "risk::churn", direction: to-gitlab }
                  - { tag: partner, label: "customer::partner", direction: to-ghl }"""));
        startBridge(p -> {
            p.put("bridge.mapping-file", file.toString());
            p.put("gitlab.group", "acme");
        });
    }

    @BeforeEach
    void standIns() {
        ghl.stubFor(get(urlEqualTo("/users/" + USER)).willReturn(Stubs.okJson(Webhooks.fixture("ghl/user-response.json", Map.of("userId", USER)))));
        gitlab.stubFor(put(urlMatching(ISSUES + "/\\d+")).willReturn(Stubs.okJson(Stubs.issueJson(1, "x", "opened", "x"))));
        ghl.stubFor(post(urlMatching("/contacts/[^/]+/tags")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"tags\":[\"vip\"]}")));
        ghl.stubFor(delete(urlMatching("/contacts/[^/]+/tags")).willReturn(Stubs.okJson("{\"tags\":[]}")));
    }

    @Test
    void a_tag_added_labels_the_contact_issue_and_its_task_issues_and_a_tag_removed_unlabels_them() throws Exception {
        String cid = "tagContact0000000001";
        task(cid, "tagTask0000000000001", 701);
        task(cid, "tagTask0000000000002", 702);
        contactIssue(cid, 703);
        gitlab.resetRequests();

        tagUpdate(cid, "[\"VIP\",\"newsletter\"]");
        for (int iid : List.of(701, 702, 703)) {
            assertLabelPuts(iid, "{\"add_labels\":\"customer::vip\"}");
        }
        gitlab.resetRequests();

        tagUpdate(cid, "[\"newsletter\"]");
        for (int iid : List.of(701, 702, 703)) {
            assertLabelPuts(iid, "{\"remove_labels\":\"customer::vip\"}");
        }
        assertNoTagWrites(cid);
    }

    @Test
    void a_contact_issue_made_after_a_tag_carries_the_paired_label_from_the_start() throws Exception {
        String cid = "tagContactIssue00001";
        task(cid, "tagTaskIssue00000091", 771);
        tagUpdate(cid, "[\"vip\"]");
        gitlab.resetRequests();

        contactIssue(cid, 773);

        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> made = gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES))
                .withRequestBody(containing("ghl-gitlab-bridge:contact:" + cid)));
        assertEquals(1, made.size());
        assertTrue(made.get(0).getBodyAsString().contains("customer::vip"), made.get(0).getBodyAsString());
    }

    @Test
    void an_issue_deleted_in_gitlab_does_not_keep_the_contacts_other_issues_from_their_label() throws Exception {
        String cid = "tagContactGone000001";
        task(cid, "tagTask0000000000085", 785);
        task(cid, "tagTask0000000000086", 786);
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/785")).atPriority(1).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"404 Issue Not Found\"}")));
        gitlab.resetRequests();

        tagUpdate(cid, "[\"vip\"]");

        assertLabelPuts(785, "{\"add_labels\":\"customer::vip\"}");
        assertLabelPuts(786, "{\"add_labels\":\"customer::vip\"}");
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"), "not a failure");
    }

    @Test
    void a_contact_event_without_a_tag_list_removes_nothing() throws Exception {
        String cid = "tagContactNoList0001";
        task(cid, "tagTaskNoList0000001", 765);
        tagUpdate(cid, "[\"vip\"]");
        gitlab.resetRequests();

        String withoutTags = Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", cid, "tags", "[]")).replace("\"tags\":[],", "");
        assertTrue(!withoutTags.contains("\"tags\""), withoutTags);
        send(withoutTags);

        assertEquals(0, gitlab.findAll(putRequestedFor(urlMatching(ISSUES + "/765"))).size(), "a list not given is no list emptied");
    }

    @Test
    void a_polled_contact_the_bridge_never_saw_only_sets_what_it_knows_and_a_later_poll_finds_a_missed_tag() throws Exception {
        String cid = "tagContactPolled0001";
        task(cid, "tagTaskPolled0000001", 745);
        gitlab.resetRequests();

        // the contacts poller's first sight of the contact: vip may be months old, so nothing counts as added
        send(polledTags(cid, "[\"vip\"]"));
        assertEquals(0, gitlab.findAll(putRequestedFor(urlMatching(ISSUES + "/745"))).size(), "a first sight adds nothing");

        // a ContactTagUpdate webhook was lost; the next poll sees the tag that came
        send(polledTags(cid, "[\"vip\",\"churn-risk\"]"));
        assertLabelPuts(745, "{\"add_labels\":\"risk::churn\"}");
    }

    /** A ContactTagUpdate as the contacts poller makes it (marked as polled). */
    private static String polledTags(String cid, String tags) {
        return Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", cid, "tags", tags)).replace("\"timestamp\":", "\"bridgePolled\":true,\"timestamp\":");
    }

    @Test
    void tags_and_labels_no_rule_names_change_nothing_and_are_never_removed() throws Exception {
        String cid = "tagContact0000000002";
        task(cid, "tagTask0000000000011", 711);
        gitlab.resetRequests();

        tagUpdate(cid, "[\"newsletter\",\"lead\"]");
        tagUpdate(cid, "[\"lead\"]");
        tagUpdate(cid, "[]");
        assertEquals(0, gitlab.findAll(anyRequestedFor(urlMatching(ISSUES + ".*"))).size(), "no issue is touched");

        // a person swaps labels no rule names: no tag is added or removed
        issueHook(711, "[\"API\"]", "[\"Platform\"]");
        // and an issue that is not linked changes nothing, whatever its labels
        issueHook(799, "[]", "[\"customer::vip\"]");
        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/[^/]+/tags"))).size(), "no tag is written");
        assertEquals(0, ghl.findAll(putRequestedFor(urlMatching("/contacts/[^/]+"))).size(), "a contact is never PUT");
    }

    @Test
    void a_label_added_or_removed_on_a_linked_issue_adds_or_removes_the_tag_one_by_one_and_never_puts_the_contact() throws Exception {
        String cid = "tagContact0000000003";
        task(cid, "tagTask0000000000021", 721);
        contactIssue(cid, 723);
        ghl.resetRequests();

        issueHook(721, "[\"API\"]", "[\"API\",\"customer::vip\"]");
        ghl.verify(1, postRequestedFor(urlEqualTo("/contacts/" + cid + "/tags")).withRequestBody(equalToJson("{\"tags\":[\"vip\"]}")));

        issueHook(723, "[\"customer::vip\"]", "[]");
        ghl.verify(1, deleteRequestedFor(urlEqualTo("/contacts/" + cid + "/tags")).withRequestBody(equalToJson("{\"tags\":[\"vip\"]}")));

        assertEquals(2, ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size());
        assertEquals(0, ghl.findAll(putRequestedFor(urlMatching("/contacts/[^/]+"))).size(), "a contact is never PUT (it would overwrite its tags)");
        assertEquals(0, gitlab.findAll(putRequestedFor(urlMatching(ISSUES + "/.*"))).size(), "the other issues are left as they are");
    }

    @Test
    void the_echo_of_each_write_changes_nothing() throws Exception {
        String cid = "tagContact0000000004";
        task(cid, "tagTask0000000000031", 731);
        tagUpdate(cid, "[\"lead\"]");
        gitlab.resetRequests();
        ghl.resetRequests();

        // the bridge labels the issue; GitLab's Issue Hook about it is its echo
        tagUpdate(cid, "[\"lead\",\"vip\"]");
        assertLabelPuts(731, "{\"add_labels\":\"customer::vip\"}");
        issueHook(731, "[]", "[\"customer::vip\"]");
        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size(), "the label echo tags nothing");

        // a person removes the label; the bridge removes the tag; HighLevel's ContactTagUpdate about it is its echo
        issueHook(731, "[\"customer::vip\"]", "[]");
        ghl.verify(1, deleteRequestedFor(urlEqualTo("/contacts/" + cid + "/tags")).withRequestBody(equalToJson("{\"tags\":[\"vip\"]}")));
        gitlab.resetRequests();
        tagUpdate(cid, "[\"lead\"]");
        assertEquals(0, gitlab.findAll(anyRequestedFor(urlMatching(ISSUES + ".*"))).size(), "the tag echo labels nothing");
    }

    @Test
    void the_same_event_delivered_twice_changes_once() throws Exception {
        String cid = "tagContact0000000005";
        task(cid, "tagTask0000000000041", 741);
        gitlab.resetRequests();

        String event = Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", cid, "tags", "[\"vip\"]"));
        send(event);
        send(event);
        // HighLevel's retry of the same change is a new delivery with the same tags
        tagUpdate(cid, "[\"vip\"]");
        assertLabelPuts(741, "{\"add_labels\":\"customer::vip\"}");

        String webhookId = UUID.randomUUID().toString();
        String hook = hookBody(741, "[\"customer::vip\"]", "[\"customer::vip\",\"customer::partner\"]");
        for (int i = 0; i < 2; i++) {
            assertEquals(200, webhooks.gitlab("Issue Hook", hook, webhookId).statusCode());
            bridge.awaitInboxDrained();
        }
        ghl.verify(1, postRequestedFor(urlEqualTo("/contacts/" + cid + "/tags")).withRequestBody(equalToJson("{\"tags\":[\"partner\"]}")));
        assertEquals(1, ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size());
    }

    @Test
    void each_rule_travels_only_its_way() throws Exception {
        String cid = "tagContact0000000006";
        task(cid, "tagTask0000000000051", 751);
        gitlab.resetRequests();
        ghl.resetRequests();

        // to-gitlab: the tag labels the issue, the label tags nothing
        tagUpdate(cid, "[\"Churn-Risk\"]");
        assertLabelPuts(751, "{\"add_labels\":\"risk::churn\"}");
        issueHook(751, "[\"risk::churn\"]", "[]");
        issueHook(751, "[]", "[\"risk::churn\"]");
        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size(), "to-gitlab ignores label changes");

        // to-ghl: the label tags the contact, the tag labels nothing
        gitlab.resetRequests();
        tagUpdate(cid, "[\"churn-risk\",\"partner\"]");
        tagUpdate(cid, "[\"churn-risk\"]");
        assertEquals(0, gitlab.findAll(anyRequestedFor(urlMatching(ISSUES + ".*"))).size(), "to-ghl ignores tag changes");
        issueHook(751, "[\"risk::churn\"]", "[\"risk::churn\",\"customer::partner\"]");
        ghl.verify(1, postRequestedFor(urlEqualTo("/contacts/" + cid + "/tags")).withRequestBody(equalToJson("{\"tags\":[\"partner\"]}")));
    }

    @Test
    void a_new_task_issue_of_a_tagged_contact_carries_the_paired_label_and_its_hook_tags_nothing() throws Exception {
        String cid = "tagContact0000000007";
        // the bridge learns the contact's tags before it has any issue: nothing to label yet
        tagUpdate(cid, "[\"vip\",\"churn-risk\",\"partner\"]");
        assertEquals(0, gitlab.findAll(anyRequestedFor(urlMatching(ISSUES + ".*"))).size());

        task(cid, "tagTask0000000000061", 761);
        // to-gitlab and both rules label it; the to-ghl rule does not
        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES)).withRequestBody(matchingJsonPath("$.labels", equalTo("highlevel,customer::vip,risk::churn"))));
        ghl.resetRequests();
        issueHook(761, "[]", "[\"highlevel\",\"customer::vip\",\"risk::churn\"]");
        assertNoTagWrites(cid);
        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size());
    }

    @Test
    void a_new_contacts_tags_label_its_first_task_issue_though_f1_does_not_read_the_contact() throws Exception {
        // the fixture's ContactCreate: contact nmFmQEsNgz6AVpgLVUJ0 tagged vip; F6 makes its CRM contact
        String cid = "nmFmQEsNgz6AVpgLVUJ0";
        gitlab.stubFor(CrmStubs.graphql("contacts(search:").willReturn(Stubs.okJson(CrmStubs.group())));
        gitlab.stubFor(CrmStubs.graphql("customerRelationsContactCreate").willReturn(Stubs.okJson(CrmStubs.created(
                CrmStubs.node("801", "John", "Doe", "john@example.com", "+919509597501", "Acme", "2026-01-01T00:00:00Z")))));
        gitlab.stubFor(CrmStubs.graphql("issueSetCrmContacts").willReturn(Stubs.okJson(
                "{\"data\":{\"issueSetCrmContacts\":{\"issue\":{\"id\":\"gid://gitlab/Issue/1\"},\"errors\":[]}}}")));
        gitlab.stubFor(get(urlEqualTo("/api/v4/projects/42")).willReturn(Stubs.okJson("{\"id\":42,\"path_with_namespace\":\"acme/support\"}")));
        send(Webhooks.fixture("ghl/ContactCreate.json", Map.of()));
        ghl.resetRequests();

        task(cid, "tagTask0000000000081", 781);

        assertEquals(0, ghl.findAll(getRequestedFor(urlEqualTo("/contacts/" + cid))).size(), "F1 takes the contact's values from its event");
        gitlab.verify(1, postRequestedFor(urlEqualTo(ISSUES)).withRequestBody(matchingJsonPath("$.labels", equalTo("highlevel,customer::vip"))));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters WHERE payload LIKE ?", "%" + cid + "%"));
    }

    @Test
    void a_dead_letter_replayed_after_a_later_change_does_not_undo_it() throws Exception {
        String cid = "tagContact0000000009";
        task(cid, "tagTask0000000000091", 791);
        // GitLab refuses the label (a 4xx other than 408/429): the tag event becomes a dead letter
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/791")).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"403 Forbidden\"}")));
        tagUpdate(cid, "[\"vip\"]");
        long deadLetter = bridge.count("SELECT id FROM dead_letters WHERE status = 'NEW' AND payload LIKE ?", "%" + cid + "%");
        // meanwhile a person puts the label on and takes it off again: the contact loses its tag
        issueHook(791, "[]", "[\"customer::vip\"]");
        issueHook(791, "[\"customer::vip\"]", "[]");
        ghl.verify(1, deleteRequestedFor(urlEqualTo("/contacts/" + cid + "/tags")).withRequestBody(equalToJson("{\"tags\":[\"vip\"]}")));
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/791")).atPriority(1).willReturn(Stubs.okJson(Stubs.issueJson(791, "x", "opened", "x"))));
        gitlab.resetRequests();
        // GitLab refused the bridge's label, so the person's label is theirs: it reached the tags (POST vip, DELETE vip)
        int tagCalls = ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size();

        assertEquals(200, bridge.adminPost("/admin/dead-letters/" + deadLetter + "/replay").statusCode());
        bridge.awaitInboxDrained();
        assertEquals(404, bridge.adminPost("/admin/dead-letters/" + deadLetter + "/replay").statusCode(), "replayed once only");
        bridge.awaitInboxDrained();

        assertEquals(0, gitlab.findAll(anyRequestedFor(urlMatching(ISSUES + ".*"))).size(), "the label the person took off stays off");
        assertEquals(tagCalls, ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size(), "the replay writes no tag");
    }

    @Test
    void a_tag_removal_that_waits_for_gitlab_does_not_undo_a_label_a_person_put_back_meanwhile() throws Exception {
        // churn-risk travels to GitLab only: the person's label does not come back as a tag to mend things
        String cid = "tagContact0000000010";
        task(cid, "tagTask0000000000101", 801);
        tagUpdate(cid, "[\"churn-risk\"]");
        assertLabelPuts(801, "{\"add_labels\":\"risk::churn\"}");

        // the tag comes off while GitLab's API is down for the bridge: the removal waits in the inbox
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/801")).atPriority(1).willReturn(aResponse().withStatus(503).withBody("down")));
        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", cid, "tags", "[]"))).statusCode());
        String tagEvent = "SELECT status FROM inbox WHERE event_type = 'ghl.ContactTagUpdate' AND entity_key = 'ghl:contact:" + cid + "' "
                + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY";
        Await.until("the removal waits for GitLab", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE event_type = 'ghl.ContactTagUpdate' "
                + "AND entity_key = ? AND status = 'PENDING' AND failures > 0", "ghl:contact:" + cid) == 1);

        // meanwhile a person puts the label back on the issue, on purpose
        assertEquals(200, webhooks.gitlab("Issue Hook", hookBody(801, "[]", "[\"risk::churn\"]")).statusCode());
        Await.until("the person's label is taken in", () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE entity_key LIKE 'gitlab:issue:%:801' "
                + "AND status = 'PENDING'") == 0);

        // GitLab is back: the removal runs, and leaves the newer label alone
        gitlab.resetRequests();
        gitlab.stubFor(put(urlEqualTo(ISSUES + "/801")).atPriority(1).willReturn(Stubs.okJson(Stubs.issueJson(801, "x", "opened", "x"))));
        Await.until("the removal finished", java.time.Duration.ofSeconds(60), () -> "DONE".equals(bridge.query(tagEvent)));
        assertEquals(0, gitlab.findAll(putRequestedFor(urlEqualTo(ISSUES + "/801"))).size(), "the label the person put back stays");
    }

    /** F1 for a task of the contact (read from GHL, without tags): its issue gets number {@code iid}. */
    private void task(String cid, String taskId, int iid) throws Exception {
        ghl.stubFor(get(urlEqualTo("/contacts/" + cid)).willReturn(Stubs.okJson("{\"contact\":{\"id\":\"" + cid + "\",\"locationId\":\"" + LOCATION
                + "\",\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"email\":\"ann@example.com\",\"tags\":[],\"customFields\":[]}}")));
        String task = "{\"id\":\"" + taskId + "\",\"title\":\"Task " + iid + "\",\"body\":\"Task text\",\"dueDate\":\"2026-12-24T12:00:00.000Z\","
                + "\"completed\":false,\"contactId\":\"" + cid + "\"}";
        ghl.stubFor(get(urlEqualTo("/contacts/" + cid + "/tasks/" + taskId)).willReturn(Stubs.okJson("{\"task\":" + task + "}")));
        ghl.stubFor(put(urlEqualTo("/contacts/" + cid + "/tasks/" + taskId)).willReturn(Stubs.okJson("{\"task\":" + task + "}")));
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:task:" + taskId)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(iid, "Task " + iid, "opened", "Task text"))));
        send("{\"type\":\"TaskCreate\",\"locationId\":\"" + LOCATION + "\",\"id\":\"" + taskId + "\",\"contactId\":\"" + cid + "\",\"title\":\"Task "
                + iid + "\",\"body\":\"Task text\",\"timestamp\":\"" + Instant.now() + "\",\"webhookId\":\"" + UUID.randomUUID() + "\"}");
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'task' AND ghl_id = ?", taskId), "task linked");
    }

    /** F4: a note on the contact makes its own issue, number {@code iid}. */
    private void contactIssue(String cid, int iid) throws Exception {
        String noteId = "tagNote" + iid;
        gitlab.stubFor(post(urlEqualTo(ISSUES)).withRequestBody(containing("ghl-gitlab-bridge:contact:" + cid)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(iid, "Task " + iid, "opened", "Task text"))));
        gitlab.stubFor(post(urlEqualTo(ISSUES + "/" + iid + "/notes")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":" + (iid * 10) + ",\"body\":\"x\",\"system\":false}")));
        ghl.stubFor(get(urlEqualTo("/contacts/" + cid + "/notes/" + noteId)).willReturn(Stubs.okJson(
                Webhooks.fixture("ghl/note-response.json", Map.of("noteId", noteId, "body", "Called", "userId", USER, "contactId", cid)))));
        send(Webhooks.fixture("ghl/NoteCreate.json", Map.of("type", "NoteCreate", "noteId", noteId, "contactId", cid, "body", "Called")));
        assertEquals(1, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'contact-issue' AND ghl_id = ?", cid), "contact issue linked");
    }

    private void tagUpdate(String cid, String tags) throws Exception {
        send(Webhooks.fixture("ghl/ContactTagUpdate.json", Map.of("contactId", cid, "tags", tags)));
    }

    /** GitLab's Issue Hook for issue {@code iid} whose labels went from {@code previous} to {@code current} (titles). */
    private void issueHook(int iid, String previous, String current) throws Exception {
        assertEquals(200, webhooks.gitlab("Issue Hook", hookBody(iid, previous, current)).statusCode());
        bridge.awaitInboxDrained();
    }

    private static String hookBody(int iid, String previous, String current) {
        // GitLab's hook times are whole seconds: the change is dated a little later than the bridge's last write
        String updatedAt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").format(Instant.now().plusSeconds(2).atZone(ZoneOffset.UTC));
        return Webhooks.fixture("gitlab/issue-hook-label-change.json", Map.of("iid", String.valueOf(iid), "title", "Task " + iid,
                "description", "Task text", "labels", labels(current), "previousLabels", labels(previous), "updatedAt", updatedAt));
    }

    /** GitLab's label objects for a JSON list of titles. */
    private static String labels(String titles) {
        List<String> names = List.of(titles.replaceAll("[\\[\\]\"]", "").split(",")).stream().filter(s -> !s.isBlank()).toList();
        return names.stream().map(t -> "{\"id\":" + Math.abs(t.hashCode() % 1000) + ",\"title\":\"" + t + "\",\"color\":\"#ffffff\",\"project_id\":42,"
                + "\"created_at\":\"2013-12-03T17:15:43Z\",\"updated_at\":\"2013-12-03T17:15:43Z\",\"template\":false,\"description\":null,"
                + "\"type\":\"ProjectLabel\",\"group_id\":41}").collect(Collectors.joining(",", "[", "]"));
    }

    private static void assertLabelPuts(int iid, String body) {
        List<LoggedRequest> puts = gitlab.findAll(putRequestedFor(urlEqualTo(ISSUES + "/" + iid)));
        assertEquals(1, puts.size(), "issue " + iid + ": " + puts);
        gitlab.verify(putRequestedFor(urlEqualTo(ISSUES + "/" + iid)).withRequestBody(equalToJson(body)));
    }

    private static void assertNoTagWrites(String cid) {
        assertEquals(0, ghl.findAll(anyRequestedFor(urlMatching("/contacts/" + cid + "/tags"))).size(), "no tag is written");
        assertEquals(0, ghl.findAll(putRequestedFor(urlMatching("/contacts/[^/]+"))).size(), "a contact is never PUT");
    }

    private void send(String body) throws Exception {
        assertEquals(200, webhooks.ghl(body).statusCode());
        bridge.awaitInboxDrained();
    }
}
