package dev.bridge.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes claimed inbox rows to their flows on a pool of workers: rows of one entity one after another
 * (the claim query offers only an entity's oldest unfinished row), different entities in parallel.
 */
public final class InboxDispatcher extends ServiceSupport {

    public static final String INBOX_ID = "bridgeInboxId";
    public static final String EVENT_TYPE = "bridgeEventType";
    public static final String ATTEMPT = "bridgeAttempt";
    public static final String EVENT_PROPERTY = "bridge.event";
    public static final String DEAD_LETTER_PROPERTY = "bridge.deadLettered";

    private static final Logger LOG = LoggerFactory.getLogger(InboxDispatcher.class);

    private final CamelContext context;
    private final InboxClaims claims;
    private final InboxWriter writer;
    private final Flows flows;
    private final int workers;
    private final long pollMillis;
    private final long retentionMillis;
    private final int burstWorkers;
    private final long burstPerSecond;
    private long nextPurge;
    private long rateSampledAt;
    private long acceptedAtSample;
    private boolean burst;
    private long burstStartedAt;
    private final long burstPauseNanos;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private final AtomicInteger processed = new AtomicInteger();
    private boolean dirty = true;
    private volatile boolean running;
    private ExecutorService pool;
    private Thread loop;
    private ProducerTemplate template;

    /**
     * @param burstWorkers   flows at once while webhooks arrive faster than {@code burstPerSecond}, after the first
     *                       {@code burstPauseSeconds}: acknowledging webhooks has a deadline (senders time out and GHL
     *                       drops what is not acknowledged), running flows does not, so flows yield the CPU
     */
    public InboxDispatcher(CamelContext context, InboxClaims claims, InboxWriter writer, int workers, long pollMillis, long retentionMillis,
                           int burstWorkers, long burstPerSecond, long burstPauseSeconds) {
        this.context = context;
        this.claims = claims;
        this.writer = writer;
        this.flows = new Flows(context);
        this.workers = workers;
        this.pollMillis = pollMillis;
        this.retentionMillis = retentionMillis;
        this.burstWorkers = Math.min(burstWorkers, workers);
        this.burstPerSecond = burstPerSecond;
        this.burstPauseNanos = burstPauseSeconds * 1_000_000_000L;
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
                purgeWhenDue();
                int limit = workerLimit();
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

    /**
     * All workers normally. In a burst flows first pause, so that all CPU goes to acknowledging webhooks,
     * for at most the burst pause; a longer burst runs flows on the burst workers, so the backlog still moves.
     */
    private int workerLimit() {
        if (!inBurst()) {
            return workers;
        }
        return System.nanoTime() - burstStartedAt < burstPauseNanos ? 0 : burstWorkers;
    }

    /** Whether webhooks arrived faster than the burst threshold over the last half second or so. */
    private boolean inBurst() {
        long now = System.nanoTime();
        long elapsed = now - rateSampledAt;
        if (elapsed >= 500_000_000L) {
            long count = writer.acceptedCount();
            boolean was = burst;
            burst = (count - acceptedAtSample) * 1_000_000_000L / elapsed > burstPerSecond;
            if (burst && !was) {
                burstStartedAt = now;
                LOG.info("Webhooks arrive faster than {}/s: flows pause for up to {} s, then run on {} worker(s) until the burst is over",
                        burstPerSecond, burstPauseNanos / 1_000_000_000L, burstWorkers);
            } else if (was && !burst) {
                LOG.info("Burst over: flows run on {} workers again", workers);
            }
            rateSampledAt = now;
            acceptedAtSample = count;
        }
        return burst;
    }

    /** Finished deliveries are kept for the retention (they answer "duplicate" meanwhile), then deleted. */
    private void purgeWhenDue() throws java.sql.SQLException {
        long now = System.currentTimeMillis();
        if (now >= nextPurge) {
            nextPurge = now + 3_600_000;
            int purged = claims.purgeFinishedBefore(now - retentionMillis);
            if (purged > 0) {
                LOG.info("Removed {} finished deliveries older than the retention", purged);
            }
        }
    }

    private void process(InboxRow row) {
        String status;
        String outcome = null;
        try {
            if (!flows.handles(row.eventType())) {
                status = "IGNORED";
                outcome = "no flow handles " + row.eventType();
            } else {
                Exchange exchange = template.send(Flows.endpointFor(row.eventType()), e -> {
                    e.getMessage().setBody(json.readValue(row.payload(), Map.class));
                    e.getMessage().setHeader(INBOX_ID, row.id());
                    e.getMessage().setHeader(EVENT_TYPE, row.eventType());
                    e.getMessage().setHeader(ATTEMPT, row.attempt());
                    e.setProperty(EVENT_PROPERTY, row.payload());
                });
                if (exchange.getException() != null) {
                    // not even a dead letter could be written: leave the row leased, it runs again later
                    LOG.warn("Event {} ({}) failed and stays in the inbox: {}", row.id(), row.eventType(), exchange.getException().getMessage());
                    inFlight.remove(row.id());
                    return;
                }
                if (Boolean.TRUE.equals(exchange.getProperty(DEAD_LETTER_PROPERTY, Boolean.class))) {
                    status = "DEAD";
                    outcome = "moved to dead letters";
                } else {
                    status = "DONE";
                }
            }
        } catch (Exception e) {
            LOG.warn("Event {} ({}) could not be run and stays in the inbox: {}", row.id(), row.eventType(), e.getMessage());
            inFlight.remove(row.id());
            return;
        }
        processed.incrementAndGet();
        writer.finish(row.id(), status, outcome).whenComplete((r, err) -> {
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
