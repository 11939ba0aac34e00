package dev.bridge.clients;

import dev.bridge.errors.Failures;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code limit} requests to one API in any {@code window} (HighLevel allows 100 per 10 s per location).
 * A request waits for a free slot up to {@code maxWaitMillis}; a longer wait is not spent in a worker: the request
 * fails as retryable, and its event waits in the inbox like after a 429.
 */
public final class Pacing {

    private final String api;
    private final int limit;
    private final long windowNanos;
    private final long maxWaitMillis;
    private final ArrayDeque<Long> starts = new ArrayDeque<>();

    public Pacing(String api, int limit, long windowMillis, long maxWaitMillis) {
        this.api = api;
        this.limit = limit;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.maxWaitMillis = maxWaitMillis;
    }

    /** Takes a slot for one request, waiting for one if need be. */
    public void acquire() {
        long waited = 0;
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                while (!starts.isEmpty() && now - starts.peekFirst() >= windowNanos) {
                    starts.pollFirst();
                }
                if (starts.size() < limit) {
                    starts.addLast(now);
                    return;
                }
                waitNanos = windowNanos - (now - starts.peekFirst());
            }
            long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
            if (waited + waitMillis > maxWaitMillis) {
                throw new Failures.RetryableFailure(api + " allows " + limit + " requests per " + TimeUnit.NANOSECONDS.toSeconds(windowNanos)
                        + " s and they are spent; the event waits in the inbox");
            }
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failures.RetryableFailure(api + " request interrupted while it waited for its turn");
            }
            waited += waitMillis;
        }
    }
}
