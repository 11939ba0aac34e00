package dev.bridge.flows;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.LogLines;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.bridge.flows.PeopleStandIns.EMAIL_USER;
import static dev.bridge.flows.PeopleStandIns.ISSUES;
import static dev.bridge.flows.PeopleStandIns.STRANGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** assignedTo travels to GitLab only, matched by e-mail, with no default: nobody matching is no failure; GitLab's reassignments stay there. */
class PeopleWithoutDefaultTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        Path mapping = PeopleStandIns.mapping("to-gitlab", """
                people:
                  match: [email]
                """);
        startBridge(p -> p.put("bridge.mapping-file", mapping.toString()));
    }

    @BeforeEach
    void users() {
        PeopleStandIns.users(ghl, gitlab);
    }

    private String created(String taskId, String assignee, int iid) throws Exception {
        PeopleStandIns.taskAndIssue(ghl, gitlab, taskId, assignee, iid);
        assertEquals(200, webhooks.ghl(PeopleStandIns.taskCreate(taskId)).statusCode());
        bridge.awaitInboxDrained();
        List<LoggedRequest> creates = gitlab.findAll(postRequestedFor(urlEqualTo(ISSUES)).withRequestBody(containing(taskId)));
        assertEquals(1, creates.size());
        return creates.get(0).getBodyAsString();
    }

    @Test
    void an_assignee_nobody_matches_with_no_default_leaves_the_issue_unassigned_without_failing_and_is_said_once() throws Exception {
        try (LogLines logs = LogLines.capture()) {
            String first = created("nobodyMatches000001", STRANGER, 401);
            String second = created("nobodyMatches000002", STRANGER, 402);
            assertFalse(first.contains("assignee_ids"), first);
            assertFalse(second.contains("assignee_ids"), second);
            List<LogLines.Line> said = logs.containing("HighLevel user " + STRANGER + " matches no GitLab user");
            assertEquals(1, said.size(), String.valueOf(said));
            assertEquals(Level.INFO, said.get(0).level());
        }
        assertEquals(2, bridge.count("SELECT COUNT(*) FROM links WHERE kind = 'task' AND ghl_id LIKE 'nobodyMatches%'"));
        assertEquals(0, bridge.count("SELECT COUNT(*) FROM dead_letters"));
    }

    @Test
    void a_reassignment_in_gitlab_is_not_sent_to_highlevel_when_assignees_travel_to_gitlab_only() throws Exception {
        String body = created("toGitLabOnly0000001", EMAIL_USER, 403);
        assertTrue(body.contains("\"assignee_ids\":[61]"), body);
        ghl.resetRequests();
        gitlab.resetRequests();

        assertEquals(200, webhooks.gitlab("Issue Hook", PeopleStandIns.hook(403, 70)).statusCode());
        bridge.awaitInboxDrained();

        assertEquals(0, ghl.findAll(anyRequestedFor(anyUrl())).size(), String.valueOf(ghl.findAll(anyRequestedFor(anyUrl()))));
        assertEquals(0, gitlab.findAll(anyRequestedFor(anyUrl())).size(), String.valueOf(gitlab.findAll(anyRequestedFor(anyUrl()))));
    }
}
