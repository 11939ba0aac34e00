package dev.bridge.config;

import dev.bridge.errors.RetryPolicy;
import dev.bridge.webhook.GhlSignatures;
import dev.bridge.webhook.GitLabSignatures;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The engine's settings, read and checked in one place: {@link BridgeConfiguration} builds the engine from them at
 * start-up and {@code validate} runs the very same checks. Reading them opens no port, database or connection.
 * Missing API tokens are not errors: each is one warning, and the flows that need it dead-letter their events.
 */
public final class EngineSettings {

    public final long maxAgeSeconds;
    public final long maxBodyBytes;
    public final long acceptTimeoutMs;
    public final String ghlBaseUrl;
    /** requests to HighLevel per 10 s (its limit is 100 per location, shared with other apps); 0: not paced */
    public final long ghlRequestsPer10s;
    /** new GitLab comments per minute (GitLab.com: 60); 0: not paced */
    public final long gitlabNotesPerMinute;
    /** pipelines the bridge triggers per minute and project (GitLab.com: 25 pipeline creations); 0: not paced */
    public final long gitlabPipelineTriggersPerMinute;
    /** config/mapping.yaml unless configured otherwise; relative to the working folder */
    public final String mappingFile;
    /** the engine watches the route folders: new, changed and deleted files take effect while it runs */
    public final boolean routesWatch;
    public final long routesWatchIntervalMs;
    public final String gitlabBaseUrl;
    public final GhlSignatures ghlSignatures;
    public final GitLabSignatures gitlabSignatures;
    public final String ghlToken;
    public final String gitlabToken;
    public final String gitlabProject;
    /** GITLAB_GROUP: where HighLevel contacts are kept as GitLab CRM contacts (a full path or a numeric id) */
    public final String gitlabGroup;
    public final String dbUrl;
    public final long leaseMillis;
    public final int queueCapacity;
    public final int batchMax;
    public final int workers;
    public final int burstWorkers;
    public final long burstPerSecond;
    public final long maxEventAgeMillis;
    public final RetryPolicy retryPolicy;
    public final long pollIntervalMs;
    public final long retentionMillis;
    public final long unhandledWaitMillis;
    public final int httpWorkerThreads;
    public final String ghlLocationId;
    /** Seconds between polls; 0 when off (configured so, or what the poller needs is not set: see {@link #pollersOff}). */
    public final long ghlContactsPollSeconds;
    public final long ghlContactsOverlapSeconds;
    public final int ghlContactsPageSize;
    public final long gitlabIssuesPollSeconds;
    /** the tasks of contacts with linked tasks, for edits made in HighLevel (it sends no webhook for them); 0 when off */
    public final long ghlTasksPollSeconds;
    public final long gitlabIssuesOverlapSeconds;
    /** GitLab CRM contacts (flow F7; GitLab sends no webhook for them); 0 when off */
    public final long gitlabCrmContactsPollSeconds;
    public final long gitlabCrmContactsOverlapSeconds;
    public final int pollMaxPages;
    /** One line for each poller that is scheduled but cannot run for want of a setting. */
    public final java.util.List<String> pollersOff = new java.util.ArrayList<>();

    private EngineSettings(Settings s, Consumer<String> warn) {
        maxAgeSeconds = s.number("bridge.webhook.max-age-seconds", 1, 86_400);
        // dedupe on webhookId is what stops a replay inside the window: the inbox keeps deliveries at least a day
        // (bridge.inbox.retention-days >= 1), longer than the longest window allowed here
        maxBodyBytes = s.number("bridge.webhook.max-body-bytes", 1024, 1_048_576);
        acceptTimeoutMs = s.number("bridge.inbox.accept-timeout-ms", 100, 60_000);
        ghlBaseUrl = s.url("ghl.base-url");
        gitlabBaseUrl = s.url("gitlab.base-url");
        s.url("ghl.app-url");
        s.zone("bridge.timezone");
        String ed25519Key = s.required("ghl.webhook-public-key");
        String rsaKey = s.required("ghl.webhook-rsa-public-key");
        // when collecting, a missing key is already one problem: parsing the empty stand-in would add another
        ghlSignatures = ed25519Key.isEmpty() || rsaKey.isEmpty() ? null
                : s.check(() -> new GhlSignatures(ed25519Key, rsaKey), null, "ghl.webhook-public-key", "ghl.webhook-rsa-public-key");
        String secret = s.optional("gitlab.webhook-secret").orElse(null);
        String signingToken = s.optional("gitlab.webhook-signing-token").orElse(null);
        long gitlabMaxAge = s.number("bridge.webhook.gitlab-max-age-seconds", 1, 86_400);
        gitlabSignatures = s.check(() -> new GitLabSignatures(secret, signingToken, gitlabMaxAge, Clock.systemUTC()),
                null, "gitlab.webhook-signing-token");
        s.number("bridge.http.connect-timeout-ms", 100, 600_000);
        s.number("bridge.http.read-timeout-ms", 100, 600_000);
        int before = s.problemCount();
        long httpPort = s.number("bridge.http-port", 1, 65_535);
        long managementPort = s.number("bridge.management-port", 1, 65_535);
        if (httpPort == managementPort && s.problemCount() == before) {
            s.problem("bridge.management-port", "BRIDGE_MANAGEMENT_PORT equals BRIDGE_HTTP_PORT: health, metrics and admin would answer on the webhook port; choose another port");
        }

        ghlToken = s.optional("ghl.token").orElse(null);
        gitlabToken = s.optional("gitlab.token").orElse(null);
        gitlabProject = s.optional("gitlab.project").orElse(null);
        gitlabGroup = s.optional("gitlab.group").orElse(null);
        warnIfMissing(warn, ghlToken, "GHL_TOKEN is not set: flows that call HighLevel cannot run; their events go to dead letters until it is set and they are replayed");
        warnIfMissing(warn, gitlabToken, "GITLAB_TOKEN is not set: flows that write to GitLab cannot run; their events go to dead letters until it is set and they are replayed");
        warnIfMissing(warn, gitlabProject, "GITLAB_PROJECT is not set: new GitLab issues cannot be created; set it to a project id or group/project path");
        warnIfMissing(warn, gitlabGroup, "GITLAB_GROUP is not set: HighLevel contacts are not kept as GitLab CRM contacts; their events go to "
                + "dead letters until it is set (a top-level group's path or id) and they are replayed");
        if (gitlabGroup != null && !gitlabGroup.matches("[0-9]+|[A-Za-z0-9_.][A-Za-z0-9_.-]*(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*")) {
            s.problem("gitlab.group", "GITLAB_GROUP '" + gitlabGroup + "' is neither a group path (acme or acme/sales) nor a numeric id; set one of them");
        }
        if (gitlabSignatures != null && !gitlabSignatures.configured()) {
            warn.accept("GITLAB_WEBHOOK_SECRET and GITLAB_WEBHOOK_SIGNING_TOKEN are not set: POST /webhooks/gitlab answers 401 until one is set");
        }

        String url = s.required("bridge.db.url");
        dbUrl = url.isEmpty() ? url : s.check(() -> Database.checkUrl(url), url, "bridge.db.url");
        leaseMillis = s.number("bridge.inbox.lease-seconds", 2, 3_600) * 1000;
        queueCapacity = (int) s.number("bridge.inbox.queue-capacity", 1, 1_000_000);
        batchMax = (int) s.number("bridge.inbox.batch-max", 1, 10_000);
        workers = (int) s.number("bridge.dispatcher.workers", 1, 512);
        burstWorkers = (int) s.number("bridge.dispatcher.workers-during-burst", 0, 512);
        burstPerSecond = s.number("bridge.dispatcher.burst-per-second", 1, 1_000_000);
        maxEventAgeMillis = s.number("bridge.dispatcher.max-event-age-seconds", 1, 86_400) * 1000;
        retryPolicy = new RetryPolicy((int) s.number("bridge.retry.max-redeliveries", 0, 10),
                s.number("bridge.retry.initial-delay-ms", 1, 600_000), s.decimal("bridge.retry.multiplier", 1, 10),
                s.number("bridge.retry.max-delay-ms", 1, 86_400_000), s.number("bridge.retry.horizon-seconds", 1, 30L * 86_400) * 1000,
                s.number("bridge.retry.max-in-memory-wait-ms", 0, 60_000), s.number("bridge.retry.max-retry-after-ms", 0, 86_400_000));
        pollIntervalMs = s.number("bridge.inbox.poll-interval-ms", 10, 60_000);
        retentionMillis = s.number("bridge.inbox.retention-days", 1, 3650) * 86_400_000L;
        unhandledWaitMillis = s.number("bridge.inbox.unhandled-wait-seconds", 0, 86_400) * 1000;
        httpWorkerThreads = (int) s.number("bridge.http.worker-threads", 1, 1024);
        mappingFile = s.required("bridge.mapping-file");
        ghlRequestsPer10s = s.number("ghl.requests-per-10s", 0, 100_000);
        gitlabNotesPerMinute = s.number("gitlab.notes-per-minute", 0, 100_000);
        gitlabPipelineTriggersPerMinute = s.number("gitlab.pipeline-triggers-per-minute", 0, 100_000);
        routesWatchIntervalMs = s.number("bridge.routes.watch-interval-ms", 100, 60_000);
        routesWatch = s.flag("bridge.routes.watch");
        if (routesWatch && Boolean.parseBoolean(s.string("camel.main.routesReloadEnabled", "false"))) {
            s.problem("bridge.routes.watch", "camel.main.routesReloadEnabled and BRIDGE_ROUTES_WATCH are both on: two reloads would act on the same "
                    + "files; remove camel.main.routesReloadEnabled (the bridge's watcher also undeploys deleted files) or set BRIDGE_ROUTES_WATCH=false");
        }
        ghlLocationId = s.optional("ghl.location-id").orElse(null);
        ghlContactsPollSeconds = pollInterval(s, "ghl-contacts", ghlToken != null && ghlLocationId != null,
                "the GHL contacts poller is off: it needs a HighLevel token and GHL_LOCATION_ID");
        ghlContactsOverlapSeconds = s.number("bridge.poll.ghl-contacts.overlap-seconds", 0, 3_600);
        ghlContactsPageSize = (int) s.number("bridge.poll.ghl-contacts.page-size", 1, 500);
        gitlabIssuesPollSeconds = pollInterval(s, "gitlab-issues", gitlabToken != null && gitlabProject != null,
                "the GitLab issues poller is off: it needs a GitLab token and GITLAB_PROJECT");
        gitlabIssuesOverlapSeconds = s.number("bridge.poll.gitlab-issues.overlap-seconds", 0, 3_600);
        ghlTasksPollSeconds = pollInterval(s, "ghl-tasks", ghlToken != null && ghlLocationId != null,
                "the GHL tasks poller is off: it needs a HighLevel token and GHL_LOCATION_ID");
        gitlabCrmContactsPollSeconds = pollInterval(s, "gitlab-crm-contacts", gitlabToken != null && gitlabGroup != null,
                "the GitLab CRM contacts poller is off: it needs a GitLab token and GITLAB_GROUP");
        gitlabCrmContactsOverlapSeconds = s.number("bridge.poll.gitlab-crm-contacts.overlap-seconds", 0, 3_600);
        pollMaxPages = (int) s.number("bridge.poll.max-pages-per-run", 1, 10_000);
        MOVED_TO_MAPPING.forEach((key, entry) -> s.optional(key).ifPresent(v -> s.problem(key, key + " has moved to the mapping file ("
                + entry + " in " + mappingFile + "); set it there and remove it from the configuration")));
    }

    /** Settings of earlier releases that are now entries of the mapping file. */
    private static final java.util.Map<String, String> MOVED_TO_MAPPING = java.util.Map.of(
            "gitlab.issue-labels", "tasks.newIssue.labels", "bridge.issue.contact-heading", "tasks.newIssue.contactBlock",
            "bridge.issue.task-deleted-comment", "tasks.taskDeleted.comment", "bridge.task.issue-url-label", "tasks.taskBody.issueUrlLine");

    /** Reads and checks every key; {@code warn} gets one line for each missing optional setting that limits the flows. */
    public static EngineSettings read(Settings s, Consumer<String> warn) {
        return new EngineSettings(s, warn);
    }

    /** A poller's interval (0 = off); a scheduled poller whose settings are missing is off too, said once. */
    private long pollInterval(Settings s, String poller, boolean configured, String offLine) {
        long seconds = s.number("bridge.poll." + poller + ".interval-seconds", 0, 86_400);
        if (seconds > 0 && !configured) {
            pollersOff.add(offLine);
            return 0;
        }
        return seconds;
    }

    private static void warnIfMissing(Consumer<String> warn, String value, String message) {
        if (value == null) {
            warn.accept(message);
        }
    }
}
