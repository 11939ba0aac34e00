package dev.bridge.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridge.errors.AttemptFailed;
import dev.bridge.errors.RetryPolicy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes claimed inbox rows to their flows on a pool of workers: rows of one synced pair one after another
 * (the claim query offers only a pair's oldest unfinished row), different pairs in parallel. Ends each
 * attempt in the inbox: done, dead, ignored, or back to wait for its next attempt.
 */
public final class InboxDispatcher extends ServiceSupport {

    public static final String INBOX_ID = "bridgeInboxId";
    public static final String EVENT_TYPE = "bridgeEventType";
    public static final String ATTEMPT = "bridgeAttempt";
    /** The event's lasting identity (source and delivery id): the same through retries, replays and restarts. */
    public static final String EVENT_KEY = "bridgeEventKey";
    public static final String EVENT_PROPERTY = "bridgeEvent";
    public static final String ROW_PROPERTY = "bridgeRow";
    public static final String DEAD_LETTER_PROPERTY = "bridgeDeadLettered";

    private static final Logger LOG = LoggerFactory.getLogger(InboxDispatcher.class);

    private final CamelContext context;
    private final InboxClaims claims;
    private final InboxWriter writer;
    private final Flows flows;
    private final BurstPolicy burst;
    private final long pollMillis;
    private final long retentionMillis;
    private final long unhandledWaitMillis;
    private final RetryPolicy retryPolicy;
    private long nextPurge;
    private long nextRenewal;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private final AtomicInteger processed = new AtomicInteger();
    private final int workers;
    private boolean dirty = true;
    private volatile boolean running;
    private ExecutorService pool;
    private Thread loop;
    private ProducerTemplate template;

    /**
     * @param unhandledWaitMillis how long events of a type whose flow disappeared (being reloaded, broken) wait for it
     * @param retryPolicy         the back-off for an attempt that failed outside the flows' error handler
     */
    public InboxDispatcher(CamelContext context, InboxClaims claims, InboxWriter writer, Flows flows, BurstPolicy burst,
                           long pollMillis, long retentionMillis, long unhandledWaitMillis, RetryPolicy retryPolicy) {
        this.context = context;
        this.claims = claims;
        this.writer = writer;
        this.flows = flows;
        this.workers = burst.workers();
        this.burst = burst;
        this.pollMillis = pollMillis;
        this.retentionMillis = retentionMillis;
        this.unhandledWaitMillis = unhandledWaitMillis;
        this.retryPolicy = retryPolicy;
    }

    /** New rows were committed or a row finished: look for work now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            dirty = true;
            signal.notifyAll();
        }
    }

    public int processed() {
        return processed.get();
    }

    public int inFlight() {
        return inFlight.size();
    }

    @Override
    protected void doStart() {
        template = context.createProducerTemplate();
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "flow-worker");
            t.setDaemon(true);
            return t;
        });
        running = true;
        loop = new Thread(this::run, "inbox-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        wake();
        if (loop != null) {
            loop.join(5_000);
        }
        if (pool != null) {
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{} events were still running at shutdown; they run again after the restart", inFlight.size());
                pool.shutdownNow();
            }
        }
        if (template != null) {
            template.stop();
        }
    }

    private void run() {
        while (running) {
            try {
                synchronized (signal) {
                    if (!dirty) {
                        signal.wait(pollMillis);
                    }
                    dirty = false;
                }
                housekeeping();
                int limit = burst.workerLimit(this::oldestDueAge);
                int free = limit - inFlight.size();
                // claim in groups (half the workers at a time): fewer claim transactions, same throughput
                if (!running || free <= 0 || (free < Math.max(1, limit / 2) && !inFlight.isEmpty())) {
                    continue;
                }
                List<InboxRow> rows = claims.claim(free, inFlight);
                for (InboxRow row : rows) {
                    inFlight.add(row.id());
                    pool.execute(() -> process(row));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("Claiming inbox rows failed, trying again shortly: {}", e.getMessage());
                sleepQuietly();
            }
        }
    }

    private long oldestDueAge() {
        try {
            return claims.oldestDueAgeMillis();
        } catch (SQLException e) {
            return Long.MAX_VALUE; // cannot tell: do not hold flows back
        }
    }

    /** Renews the leases of rows being worked (a third of the lease ahead), and purges old rows hourly. */
    private void housekeeping() throws SQLException {
        long now = System.currentTimeMillis();
        if (now >= nextRenewal) {
            nextRenewal = now + claims.leaseMillis() / 3;
            claims.renew(List.copyOf(inFlight));
        }
        if (now >= nextPurge) {
            nextPurge = now + 3_600_000;
            int purged = claims.purgeFinishedBefore(now - retentionMillis);
            if (purged > 0) {
                LOG.info("Removed {} finished deliveries older than the retention", purged);
            }
        }
    }

    private void process(InboxRow row) {
        try {
            List<String> endpoints = flows.endpointsFor(row.eventType());
            if (endpoints.isEmpty() || flows.missingFrom(row.eventType(), endpoints)) {
                if (waitsForFlow(row)) {
                    return;
                }
                if (endpoints.isEmpty()) {
                    end(row, writer.finish(row.id(), "IGNORED", "no flow handles " + row.eventType()));
                    return;
                }
                flows.forget(row.eventType(), endpoints);
            }
            // every flow of the type, one after another; a failure ends the attempt, and the next attempt runs them all
            // again (flows compare with their links and search their markers, so what one already did is not done twice)
            for (String endpoint : endpoints) {
                Exchange exchange = template.send(endpoint, e -> {
                    e.getMessage().setBody(json.readValue(row.payload(), Map.class));
                    e.getMessage().setHeader(INBOX_ID, row.id());
                    e.getMessage().setHeader(EVENT_TYPE, row.eventType());
                    e.getMessage().setHeader(ATTEMPT, row.attempt());
                    e.getMessage().setHeader(EVENT_KEY, row.source() + ":" + row.deliveryId());
                    e.setProperty(EVENT_PROPERTY, row.payload());
                    e.setProperty(ROW_PROPERTY, row);
                });
                Long retryIn = exchange.getProperty(AttemptFailed.RETRY_IN, Long.class);
                if (exchange.getException() != null) {
                    // not even a dead letter could be written: the event stays and is tried again later
                    retryLater(row, "failed outside the error handling", exchange.getException());
                    return;
                } else if (Boolean.TRUE.equals(exchange.getProperty(DEAD_LETTER_PROPERTY, Boolean.class))) {
                    end(row, writer.finish(row.id(), "DEAD", "moved to dead letters"));
                    return;
                } else if (retryIn != null) {
                    end(row, writer.retryAt(row.id(), claims.clock().in(retryIn), exchange.getProperty(AttemptFailed.LAST_ERROR, String.class)));
                    return;
                }
            }
            processed.incrementAndGet();
            end(row, writer.finish(row.id(), "DONE", null));
        } catch (Exception e) {
            retryLater(row, "could not be run", e);
        }
    }

    /** The attempt failed where the flows' error handler could not record it: back off like any failure. */
    private void retryLater(InboxRow row, String what, Exception failure) {
        long wait = retryPolicy.inboxDelay(row.failures() + 1);
        LOG.warn("Event {} ({}) {} and is tried again in {} s: {}", row.id(), row.eventType(), what, wait / 1000, failure.getMessage());
        end(row, writer.retryAt(row.id(), claims.clock().in(wait), String.valueOf(failure.getMessage())));
    }

    /**
     * A flow that handled the type earlier in this run is gone: it is being reloaded or is broken, so the event waits
     * for it a while (true). After that, or when no flow ever handled the type, it runs on the flows there are, or
     * is ignored and stays replayable by type from the admin API.
     */
    private boolean waitsForFlow(InboxRow row) {
        Timestamp received = row.receivedAt();
        boolean mayReturn = flows.missingFrom(row.eventType(), List.of())
                && (received == null || claims.clock().now() - received.getTime() < unhandledWaitMillis);
        if (mayReturn) {
            end(row, writer.retryAt(row.id(), claims.clock().in(Math.min(5_000, unhandledWaitMillis)),
                    "no flow handles " + row.eventType() + " right now (one that did is gone); waiting for it to return"));
        }
        return mayReturn;
    }

    private void end(InboxRow row, java.util.concurrent.CompletableFuture<InboxWriter.Stored> written) {
        written.whenComplete((r, err) -> {
            if (err != null) {
                LOG.warn("The end of event {} could not be recorded; it runs again after its lease: {}", row.id(), err.getMessage());
            }
            inFlight.remove(row.id());
            wake();
        });
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
