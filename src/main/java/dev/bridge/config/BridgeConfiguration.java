package dev.bridge.config;

import dev.bridge.clients.ApiClient;
import dev.bridge.clients.CrmHealthCheck;
import dev.bridge.clients.CrmStatus;
import dev.bridge.clients.GhlCustomFields;
import dev.bridge.clients.GhlNotes;
import dev.bridge.clients.GhlTasks;
import dev.bridge.clients.Pacing;
import dev.bridge.clients.GitLabCrm;
import dev.bridge.links.ContactBlocks;
import dev.bridge.links.ContactSnapshots;
import dev.bridge.links.ContactSync;
import dev.bridge.links.IssueCrmContacts;
import dev.bridge.links.ContactUpsert;
import dev.bridge.links.CrmContactSync;
import dev.bridge.links.GhlContactUpdate;
import dev.bridge.clients.GhlContacts;
import dev.bridge.clients.GitLabIssues;
import dev.bridge.errors.DeadLetters;
import dev.bridge.errors.Redactor;
import dev.bridge.errors.AttemptFailed;
import dev.bridge.errors.RetryAfter;
import dev.bridge.errors.RetryPolicy;
import dev.bridge.inbox.BurstPolicy;
import dev.bridge.inbox.DbClock;
import dev.bridge.inbox.Flows;
import dev.bridge.inbox.InboxClaims;
import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.inbox.InboxHealthCheck;
import dev.bridge.inbox.InboxWriter;
import dev.bridge.links.Dates;
import dev.bridge.metrics.BridgeMetrics;
import dev.bridge.poll.PollCursors;
import dev.bridge.poll.Pollers;
import dev.bridge.routes.RouteFiles;
import io.micrometer.core.instrument.MeterRegistry;
import dev.bridge.links.Links;
import dev.bridge.links.NoteSync;
import dev.bridge.links.TaskSync;
import dev.bridge.mapping.Mapping;
import dev.bridge.webhook.GhlWebhook;
import dev.bridge.webhook.GitLabWebhook;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the engine from configuration: validates every key first ({@link EngineSettings}, the checks that
 * {@code validate} runs too; a mistake stops start-up with one line), migrates the database, then binds the webhook
 * receivers, inbox, dispatcher, link store, clients and error-handling beans that the routes refer to by name.
 */
@Configuration
public class BridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = new Settings(context);
        Registry registry = context.getRegistry();

        EngineSettings e = EngineSettings.read(s, LOG::warn);

        RouteFiles routeFiles = e.routesWatch ? new RouteFiles(context, RouteFiles.folders(s.string("camel.main.routesIncludePattern", null)),
                e.routesWatchIntervalMs) : null;

        DataSource ds = Database.open(e.dbUrl, s.optional("bridge.db.user").orElse(null), s.optional("bridge.db.password").orElse(null));
        registry.bind("bridgeDataSource", ds);

        DbClock clock = new DbClock();
        InboxClaims claims = new InboxClaims(ds, instanceId(), e.leaseMillis, clock);
        if (Database.isEmbedded(e.dbUrl)) {
            int released = claims.releaseAll();
            if (released > 0) {
                LOG.info("{} events were in progress when the bridge last stopped; they run again now", released);
            }
        }
        InboxDispatcher[] dispatcher = new InboxDispatcher[1];
        int capacity = e.queueCapacity;
        InboxWriter writer = new InboxWriter(ds, clock, capacity,
                e.batchMax, () -> {
                    if (dispatcher[0] != null) {
                        dispatcher[0].wake();
                    }
                });
        Flows flows = new Flows(context);
        BurstPolicy burst = new BurstPolicy(e.workers, e.burstWorkers, e.burstPerSecond, e.maxEventAgeMillis, writer::acceptedCount);
        RetryPolicy retryPolicy = e.retryPolicy;
        dispatcher[0] = new InboxDispatcher(context, claims, writer, flows, burst,
                e.pollIntervalMs, e.retentionMillis, e.unhandledWaitMillis, retryPolicy);
        registry.bind("inboxWriter", writer);
        registry.bind("inboxClaims", claims);
        registry.bind("inboxDispatcher", dispatcher[0]);
        HealthCheckRegistry.get(context).register(new InboxHealthCheck(ds, writer, capacity));

        // webhook requests wait on a Vert.x worker thread until their inbox commit: enough of them for large group commits
        registry.bind("vertxOptions", new VertxOptions().setWorkerPoolSize(e.httpWorkerThreads));
        BridgeMetrics metrics = new BridgeMetrics();
        registry.bind("ghlWebhook", new GhlWebhook(e.ghlSignatures, writer, e.maxBodyBytes, e.acceptTimeoutMs, Duration.ofSeconds(e.maxAgeSeconds), Clock.systemUTC(), metrics));
        registry.bind("gitlabWebhook", new GitLabWebhook(e.gitlabSignatures, writer, e.maxBodyBytes, e.acceptTimeoutMs, metrics));

        String ghlToken = e.ghlToken;
        String gitlabToken = e.gitlabToken;
        String project = e.gitlabProject;
        ApiClient ghl = new ApiClient(context, e.ghlBaseUrl,
                ghlToken == null ? Map.of() : Map.of("Authorization", "Bearer " + ghlToken, "Version", "2021-07-28", "Accept", "application/json"),
                ghlToken == null ? "GHL_TOKEN is not set" : null);
        if (e.ghlRequestsPer10s > 0) {
            ghl.paced(new Pacing("HighLevel", (int) e.ghlRequestsPer10s, 10_000, e.retryPolicy.maxInMemoryWaitMillis()));
        }
        ApiClient gitlab = new ApiClient(context, e.gitlabBaseUrl + "/api/v4",
                gitlabToken == null ? Map.of() : Map.of("PRIVATE-TOKEN", gitlabToken, "Accept", "application/json"),
                gitlabToken == null ? "GITLAB_TOKEN is not set" : project == null ? "GITLAB_PROJECT is not set" : null);
        if (e.gitlabNotesPerMinute > 0) {
            // GitLab.com allows 60 new comments a minute; other calls have a far larger budget
            gitlab.paced(new Pacing("GitLab comments", (int) e.gitlabNotesPerMinute, 60_000, e.retryPolicy.maxInMemoryWaitMillis()),
                    (method, path) -> "POST".equals(method) && path.endsWith("/notes"));
        }
        registry.bind("ghlTasks", new GhlTasks(ghl, e.ghlLocationId, 20));
        GitLabIssues gitlabIssues = new GitLabIssues(gitlab, project);
        registry.bind("gitlabIssues", gitlabIssues);
        Mapping mapping = Mapping.load(Path.of(e.mappingFile).toAbsolutePath().normalize());
        Links links = new Links(ds);
        PollCursors cursors = new PollCursors(ds);
        Pollers.bind(context, e, ghl, gitlabIssues, links, cursors);
        registry.bind("taskSync", new TaskSync(links, new Dates(s.zone("bridge.timezone")), mapping::tasks, s.url("ghl.app-url")));
        registry.bind("noteSync", new NoteSync(links, mapping::notes, mapping::tasks, s.url("ghl.app-url"), new dev.bridge.effects.KnownSets(ds)));
        registry.bind("ghlNotes", new GhlNotes(ghl));
        registry.bind("contactSnapshots", new ContactSnapshots(ds));
        registry.bind("contactBlocks", new ContactBlocks(links, gitlabIssues, mapping::tasks, s.url("ghl.app-url")));
        bindCrm(context, e, ghl, links, mapping, cursors);
        List<String> secrets = new ArrayList<>(AutomationBeans.bind(new AutomationBeans.Parts(context, ds, e, s, ghl, gitlab, mapping, links)));

        for (String key : List.of("ghl.token", "gitlab.token", "gitlab.webhook-secret", "gitlab.webhook-signing-token",
                "bridge.admin-token", "bridge.db.password", "ghl.client-secret")) {
            s.optional(key).ifPresent(secrets::add);
        }
        Redactor redactor = new Redactor(secrets);
        DeadLetters deadLetters = new DeadLetters(ds, redactor, claims, metrics);
        registry.bind("deadLetters", deadLetters);
        registry.bind("bridgeRetryPolicy", retryPolicy);
        registry.bind("retryAfter", new RetryAfter(retryPolicy));
        registry.bind("attemptFailed", new AttemptFailed(retryPolicy, deadLetters, redactor));
        registry.bind("adminToken", s.optional("bridge.admin-token").orElse(""));

        // flows get events only once every route is up, and stop getting them before routes stop
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    MeterRegistry meters = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
                    if (meters != null) {
                        metrics.bind(meters, writer::backlog, dispatcher[0]::inFlight);
                    }
                    dispatcher[0].start();
                    if (routeFiles != null) {
                        routeFiles.start();
                    }
                } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    if (routeFiles != null) {
                        routeFiles.stop();
                    }
                    dispatcher[0].stop();
                } else if (event instanceof CamelEvent.CamelContextStoppedEvent) {
                    writer.close();
                    Database.close(ds);
                    LOG.info("Inbox closed");
                }
            }
        });
    }

    /** Flows F6 and F7: GitLab CRM contacts over GraphQL, with the same token, timeouts and failure classes as REST. */
    private static void bindCrm(CamelContext context, EngineSettings e, ApiClient ghl, Links links, Mapping mapping, PollCursors cursors) {
        String missing = e.gitlabToken == null ? "GITLAB_TOKEN is not set" : e.gitlabGroup == null ? "GITLAB_GROUP is not set" : null;
        Map<String, String> auth = e.gitlabToken == null ? Map.of() : Map.of("PRIVATE-TOKEN", e.gitlabToken, "Accept", "application/json");
        ApiClient graphql = new ApiClient(context, e.gitlabBaseUrl + "/api/graphql", auth, missing);
        ApiClient gitlabRest = new ApiClient(context, e.gitlabBaseUrl + "/api/v4", auth, missing);
        CrmStatus status = new CrmStatus();
        GitLabCrm crm = new GitLabCrm(graphql, gitlabRest, e.gitlabGroup, status);
        GhlCustomFields customFields = new GhlCustomFields(ghl);
        ContactSync contactSync = new ContactSync(links, mapping::contacts, customFields);
        context.getRegistry().bind("contactSync", contactSync);
        context.getRegistry().bind("crmContacts", new ContactUpsert(crm, mapping::contacts));
        // flow F7: CRM contacts changed in GitLab, found by polling, back to HighLevel
        context.getRegistry().bind("crmContactSync", new CrmContactSync(links, mapping::contacts));
        context.getRegistry().bind("ghlContactUpdate", new GhlContactUpdate(new GhlContacts(ghl, e.ghlLocationId), customFields, contactSync,
                mapping::contacts));
        Pollers.bindCrm(context, e, crm, links, cursors);
        context.getRegistry().bind("issueCrmContacts", new IssueCrmContacts(links, crm));
        HealthCheckRegistry.get(context).register(new CrmHealthCheck(status, missing));
    }

    private static String instanceId() {
        return (ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
