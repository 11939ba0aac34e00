package dev.bridge.poll;

import dev.bridge.config.ConfigProblem;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.TestBridge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The schedules come from configuration: a poller runs on its own when its interval is set and what it needs is configured. */
class PollScheduleTest extends BridgeTest {

    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> {
            p.put("bridge.poll.ghl-contacts.interval-seconds", "1");
            // scheduled, but without a project the GitLab poller is off
            p.put("bridge.poll.gitlab-issues.interval-seconds", "1");
            p.remove("gitlab.project");
        });
    }

    @Test
    void a_scheduled_poller_runs_by_itself_and_one_without_its_settings_is_off() throws Exception {
        ghl.stubFor(post(urlEqualTo("/contacts/search")).willReturn(Stubs.okJson("{\"contacts\":[{\"id\":\"sched1\",\"locationId\":\"ve9EPM428h8vShlRW1KT\","
                + "\"dateUpdated\":\"2030-07-01T10:00:00.000Z\"}],\"total\":1}")));

        Await.until("the scheduled poll stored the contact's change",
                () -> bridge.count("SELECT COUNT(*) FROM inbox WHERE delivery_id = 'ghl:contact:sched1:2030-07-01T10:00:00.000Z'") == 1);

        assertNotNull(bridge.context().getRoute("poll-ghl-contacts"));
        assertNull(bridge.context().getRoute("poll-gitlab-issues"));
        assertNull(bridge.context().getRegistry().lookupByName("gitlabIssuesPoller"));
    }

    @Test
    void a_bad_interval_stops_start_up_with_one_line() throws Exception {
        Map<String, String> p = TestBridge.defaults(ghl.baseUrl(), gitlab.baseUrl());
        p.put("bridge.poll.gitlab-issues.interval-seconds", "-5");
        Exception failed = assertThrows(Exception.class, () -> TestBridge.start(p).close());
        ConfigProblem problem = ConfigProblem.find(failed);
        assertNotNull(problem, String.valueOf(failed));
        assertEquals("BRIDGE_POLL_GITLAB_ISSUES_INTERVAL_SECONDS is '-5': use a whole number from 0 to 86400 "
                + "(key bridge.poll.gitlab-issues.interval-seconds)", problem.getMessage());
    }
}
