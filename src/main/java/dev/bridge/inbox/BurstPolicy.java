package dev.bridge.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * How many flows may run while webhooks pour in. Acknowledging a webhook has a deadline (GHL drops what is
 * not answered in time), running a flow has none, so in a burst flows yield the CPU: they run on
 * {@code burstWorkers} only. But no event waits without bound: once the oldest due event has waited
 * {@code maxAgeMillis}, flows get all workers again, half of them from half that age.
 */
public final class BurstPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(BurstPolicy.class);

    private final int workers;
    private final int burstWorkers;
    private final long burstPerSecond;
    private final long maxAgeMillis;
    private final LongSupplier acceptedCount;
    private long rateSampledAt;
    private long acceptedAtSample;
    private boolean burst;
    private long ageSampledAt;
    private int limit;

    public BurstPolicy(int workers, int burstWorkers, long burstPerSecond, long maxAgeMillis, LongSupplier acceptedCount) {
        this.workers = workers;
        this.burstWorkers = Math.min(burstWorkers, workers);
        this.burstPerSecond = burstPerSecond;
        this.maxAgeMillis = maxAgeMillis;
        this.acceptedCount = acceptedCount;
    }

    /** All the workers flows may use. */
    int workers() {
        return workers;
    }

    /**
     * Workers flows may use now; {@code oldestDueAge} is asked only in a burst, and at most every half second
     * (the dispatcher asks after every commit, and in a burst the database's time belongs to the webhooks).
     */
    int workerLimit(LongSupplier oldestDueAge) {
        if (!inBurst()) {
            return workers;
        }
        long now = System.nanoTime();
        if (now - ageSampledAt >= 500_000_000L) {
            ageSampledAt = now;
            long age = oldestDueAge.getAsLong();
            limit = age >= maxAgeMillis ? workers : age >= maxAgeMillis / 2 ? Math.max(burstWorkers, (workers + 1) / 2) : burstWorkers;
        }
        return limit;
    }

    /** Whether webhooks arrived faster than the burst threshold over the last half second or so. */
    private boolean inBurst() {
        long now = System.nanoTime();
        long elapsed = now - rateSampledAt;
        if (elapsed >= 500_000_000L) {
            long count = acceptedCount.getAsLong();
            boolean was = burst;
            burst = (count - acceptedAtSample) * 1_000_000_000L / elapsed > burstPerSecond;
            if (burst && !was) {
                LOG.info("Webhooks arrive faster than {}/s: flows run on {} worker(s), and on all once an event has waited {} s",
                        burstPerSecond, burstWorkers, maxAgeMillis / 1000);
            } else if (was && !burst) {
                LOG.info("Burst over: flows run on {} workers again", workers);
            }
            rateSampledAt = now;
            acceptedAtSample = count;
        }
        return burst;
    }
}
