package dev.bridge.poll;

import dev.bridge.clients.ApiClient;
import dev.bridge.clients.GhlContacts;
import dev.bridge.clients.GitLabCrm;
import dev.bridge.clients.GitLabIssues;
import dev.bridge.config.EngineSettings;
import dev.bridge.links.Links;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Binds the pollers whose settings are complete (beans {@code ghlContactsPoller}, {@code ghlTasksPoller}, {@code gitlabIssuesPoller}, {@code gitlabCrmContactsPoller}) and
 * gives each its interval (0: no schedule, runs only when called). The schedules are
 * Java routes, not files in routes/: whether a poller runs depends on several settings at once (its interval and
 * the credentials it needs), which only the engine's settings check knows ({@link PollSchedules} adds them).
 */
public final class Pollers {

    private static final Logger LOG = LoggerFactory.getLogger(Pollers.class);

    private Pollers() {
    }

    public static void bind(CamelContext context, EngineSettings e, ApiClient ghl, GitLabIssues issues, Links links, PollCursors cursors)
            throws Exception {
        e.pollersOff.forEach(LOG::info);
        Clock clock = Clock.systemUTC();
        if (e.ghlToken != null && e.ghlLocationId != null) {
            Poller contacts = new GhlContactsPoller(context, new GhlContacts(ghl, e.ghlLocationId), cursors,
                    Duration.ofSeconds(e.ghlContactsOverlapSeconds), e.ghlContactsPageSize, e.pollMaxPages, e.retryPolicy, clock);
            context.getRegistry().bind("ghlContactsPoller", contacts);
            schedule(context, contacts, e.ghlContactsPollSeconds);
            Poller tasks = new GhlTasksPoller(context, new dev.bridge.clients.GhlTasks(ghl, e.ghlLocationId, 20), links, cursors,
                    e.pollMaxPages, e.retryPolicy, clock);
            context.getRegistry().bind("ghlTasksPoller", tasks);
            schedule(context, tasks, e.ghlTasksPollSeconds);
        }
        if (e.gitlabToken != null && e.gitlabProject != null) {
            Poller gitlab = new GitLabIssuesPoller(context, issues, links, cursors, Duration.ofSeconds(e.gitlabIssuesOverlapSeconds),
                    e.pollMaxPages, e.retryPolicy, clock);
            context.getRegistry().bind("gitlabIssuesPoller", gitlab);
            schedule(context, gitlab, e.gitlabIssuesPollSeconds);
        }
    }

    /** The GitLab CRM contacts poller (flow F7), bound where the CRM client is made; needs GITLAB_TOKEN and GITLAB_GROUP. */
    public static void bindCrm(CamelContext context, EngineSettings e, GitLabCrm crm, Links links, PollCursors cursors) {
        if (e.gitlabToken != null && e.gitlabGroup != null) {
            Poller poller = new GitLabCrmContactsPoller(context, crm, links, cursors, Duration.ofSeconds(e.gitlabCrmContactsOverlapSeconds),
                    e.retryPolicy, Clock.systemUTC());
            context.getRegistry().bind("gitlabCrmContactsPoller", poller);
            schedule(context, poller, e.gitlabCrmContactsPollSeconds);
        }
    }

    private static void schedule(CamelContext context, Poller poller, long seconds) {
        poller.scheduleEvery(seconds);
        if (seconds > 0) {
            LOG.info("{} poller: every {} s, from its stored cursor", poller.name(), seconds);
        }
    }
}
