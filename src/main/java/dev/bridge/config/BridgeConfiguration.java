package dev.bridge.config;

import dev.bridge.clients.ApiClient;
import dev.bridge.clients.GhlTasks;
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
import dev.bridge.routes.RouteFiles;
import io.micrometer.core.instrument.MeterRegistry;
import dev.bridge.links.Links;
import dev.bridge.links.TaskSync;
import dev.bridge.webhook.GhlSignatures;
import dev.bridge.webhook.GhlWebhook;
import dev.bridge.webhook.GitLabSignatures;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the engine from configuration: validates every key first (a mistake stops start-up with one
 * line), migrates the database, then binds the webhook receivers, inbox, dispatcher, link store,
 * clients and error-handling beans that the routes refer to by name.
 */
@Configuration
public class BridgeConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = new Settings(context);
        Registry registry = context.getRegistry();

        long maxAge = s.number("bridge.webhook.max-age-seconds", 1, 86_400);
        // dedupe on webhookId is what stops a replay inside the window: the inbox keeps deliveries at least a day
        // (bridge.inbox.retention-days >= 1), longer than the longest window allowed here
        long maxBody = s.number("bridge.webhook.max-body-bytes", 1024, 1_048_576);
        long acceptTimeout = s.number("bridge.inbox.accept-timeout-ms", 100, 60_000);
        String ghlBase = s.url("ghl.base-url");
        String gitlabBase = s.url("gitlab.base-url");
        s.url("ghl.app-url");
        s.zone("bridge.timezone");
        GhlSignatures ghlSignatures = new GhlSignatures(s.required("ghl.webhook-public-key"), s.required("ghl.webhook-rsa-public-key"));
        GitLabSignatures gitlabSignatures = new GitLabSignatures(s.optional("gitlab.webhook-secret").orElse(null),
                s.optional("gitlab.webhook-signing-token").orElse(null), s.number("bridge.webhook.gitlab-max-age-seconds", 1, 86_400), Clock.systemUTC());
        s.number("bridge.http.connect-timeout-ms", 100, 600_000);
        s.number("bridge.http.read-timeout-ms", 100, 600_000);
        if (s.number("bridge.http-port", 1, 65_535) == s.number("bridge.management-port", 1, 65_535)) {
            throw new ConfigProblem("BRIDGE_MANAGEMENT_PORT equals BRIDGE_HTTP_PORT: health, metrics and admin would answer on the webhook port; choose another port");
        }

        RouteFiles routeFiles = routeFiles(context, s);

        String ghlToken = s.optional("ghl.token").orElse(null);
        String gitlabToken = s.optional("gitlab.token").orElse(null);
        String project = s.optional("gitlab.project").orElse(null);
        warnIfMissing(ghlToken, "GHL_TOKEN is not set: flows that call HighLevel cannot run; their events go to dead letters until it is set and they are replayed");
        warnIfMissing(gitlabToken, "GITLAB_TOKEN is not set: flows that write to GitLab cannot run; their events go to dead letters until it is set and they are replayed");
        warnIfMissing(project, "GITLAB_PROJECT is not set: new GitLab issues cannot be created; set it to a project id or group/project path");
        if (!gitlabSignatures.configured()) {
            LOG.warn("GITLAB_WEBHOOK_SECRET and GITLAB_WEBHOOK_SIGNING_TOKEN are not set: POST /webhooks/gitlab answers 401 until one is set");
        }

        String dbUrl = s.required("bridge.db.url");
        DataSource ds = Database.open(dbUrl, s.optional("bridge.db.user").orElse(null), s.optional("bridge.db.password").orElse(null));
        registry.bind("bridgeDataSource", ds);

        DbClock clock = new DbClock();
        InboxClaims claims = new InboxClaims(ds, instanceId(), s.number("bridge.inbox.lease-seconds", 2, 3_600) * 1000, clock);
        if (Database.isEmbedded(dbUrl)) {
            int released = claims.releaseAll();
            if (released > 0) {
                LOG.info("{} events were in progress when the bridge last stopped; they run again now", released);
            }
        }
        InboxDispatcher[] dispatcher = new InboxDispatcher[1];
        int capacity = (int) s.number("bridge.inbox.queue-capacity", 1, 1_000_000);
        InboxWriter writer = new InboxWriter(ds, clock, capacity,
                (int) s.number("bridge.inbox.batch-max", 1, 10_000), () -> {
                    if (dispatcher[0] != null) {
                        dispatcher[0].wake();
                    }
                });
        Flows flows = new Flows(context);
        int workers = (int) s.number("bridge.dispatcher.workers", 1, 512);
        BurstPolicy burst = new BurstPolicy(workers,
                (int) s.number("bridge.dispatcher.workers-during-burst", 0, 512), s.number("bridge.dispatcher.burst-per-second", 1, 1_000_000),
                s.number("bridge.dispatcher.max-event-age-seconds", 1, 86_400) * 1000, writer::acceptedCount);
        RetryPolicy retryPolicy = new RetryPolicy((int) s.number("bridge.retry.max-redeliveries", 0, 10),
                s.number("bridge.retry.initial-delay-ms", 1, 600_000), s.decimal("bridge.retry.multiplier", 1, 10),
                s.number("bridge.retry.max-delay-ms", 1, 86_400_000), s.number("bridge.retry.horizon-seconds", 1, 30L * 86_400) * 1000,
                s.number("bridge.retry.max-in-memory-wait-ms", 0, 60_000), s.number("bridge.retry.max-retry-after-ms", 0, 86_400_000));
        dispatcher[0] = new InboxDispatcher(context, claims, writer, flows, burst,
                s.number("bridge.inbox.poll-interval-ms", 10, 60_000), s.number("bridge.inbox.retention-days", 1, 3650) * 86_400_000L,
                s.number("bridge.inbox.unhandled-wait-seconds", 0, 86_400) * 1000, retryPolicy);
        registry.bind("inboxWriter", writer);
        registry.bind("inboxClaims", claims);
        registry.bind("inboxDispatcher", dispatcher[0]);
        HealthCheckRegistry.get(context).register(new InboxHealthCheck(ds, writer, capacity));

        // webhook requests wait on a Vert.x worker thread until their inbox commit: enough of them for large group commits
        registry.bind("vertxOptions", new VertxOptions().setWorkerPoolSize((int) s.number("bridge.http.worker-threads", 1, 1024)));
        BridgeMetrics metrics = new BridgeMetrics();
        registry.bind("ghlWebhook", new GhlWebhook(ghlSignatures, writer, maxBody, acceptTimeout, Duration.ofSeconds(maxAge), Clock.systemUTC(), metrics));
        registry.bind("gitlabWebhook", new GitLabWebhook(gitlabSignatures, writer, maxBody, acceptTimeout, metrics));

        ApiClient ghl = new ApiClient(context, ghlBase,
                ghlToken == null ? Map.of() : Map.of("Authorization", "Bearer " + ghlToken, "Version", "2021-07-28", "Accept", "application/json"),
                ghlToken == null ? "GHL_TOKEN is not set" : null);
        ApiClient gitlab = new ApiClient(context, gitlabBase + "/api/v4",
                gitlabToken == null ? Map.of() : Map.of("PRIVATE-TOKEN", gitlabToken, "Accept", "application/json"),
                gitlabToken == null ? "GITLAB_TOKEN is not set" : project == null ? "GITLAB_PROJECT is not set" : null);
        registry.bind("ghlTasks", new GhlTasks(ghl, s.optional("ghl.location-id").orElse(null), 20));
        registry.bind("gitlabIssues", new GitLabIssues(gitlab, project));
        registry.bind("taskSync", new TaskSync(new Links(ds), new Dates(s.zone("bridge.timezone")), s.required("bridge.issue.contact-heading"),
                s.required("bridge.task.issue-url-label"), s.url("ghl.app-url"), s.optional("gitlab.issue-labels").orElse(null)));

        List<String> secrets = new ArrayList<>();
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

    /** The engine's watcher of routes/, or null when it is off; Camel's own reload must be off then. */
    private static RouteFiles routeFiles(CamelContext context, Settings s) {
        long interval = s.number("bridge.routes.watch-interval-ms", 100, 60_000);
        if (!s.flag("bridge.routes.watch")) {
            return null;
        }
        if (Boolean.parseBoolean(s.string("camel.main.routesReloadEnabled", "false"))) {
            throw new ConfigProblem("camel.main.routesReloadEnabled and BRIDGE_ROUTES_WATCH are both on: two reloads would act on the same "
                    + "files; remove camel.main.routesReloadEnabled (the bridge's watcher also undeploys deleted files) or set BRIDGE_ROUTES_WATCH=false");
        }
        return new RouteFiles(context, RouteFiles.folders(s.string("camel.main.routesIncludePattern", null)),
                interval);
    }

    private static void warnIfMissing(String value, String message) {
        if (value == null) {
            LOG.warn(message);
        }
    }

    private static String instanceId() {
        return (ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
