package dev.bridge.poll;

import dev.bridge.errors.Failures;
import dev.bridge.errors.RetryAfter;
import dev.bridge.errors.RetryPolicy;
import dev.bridge.inbox.InboxEntry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What every poller does around its API calls: asks from its stored cursor minus an overlap (the other side's
 * lists lag a little), puts each change into the inbox through {@code direct:inbox}, and moves the cursor only once
 * a page's events are committed. A run that fails leaves the cursor where the last stored page put it and the next
 * run asks again from there; a Retry-After skips the runs until then. One run at a time.
 */
public abstract class Poller {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /** What one call of {@link #poll()} did. */
    public enum Outcome { DONE, FAILED, WAITING }

    /** One change for the inbox, with the keys that make it meet its webhook's sequence and dedupe repeats. */
    protected record Event(String type, String dedupeKey, String entityKey, String orderKey, Map<String, Object> body) {
    }

    private final String name;
    private final PollCursors cursors;
    private final Duration overlap;
    private final RetryPolicy policy;
    private final Clock clock;
    private final ProducerTemplate template;
    private long notBeforeMillis;
    private Instant position;
    private long intervalSeconds;

    protected Poller(String name, CamelContext context, PollCursors cursors, Duration overlap, RetryPolicy policy, Clock clock) {
        this.name = name;
        this.cursors = cursors;
        this.overlap = overlap;
        this.policy = policy;
        this.clock = clock;
        this.template = context.createProducerTemplate();
    }

    public String name() {
        return name;
    }

    /** Seconds between scheduled runs; 0: not scheduled. */
    public long intervalSeconds() {
        return intervalSeconds;
    }

    void scheduleEvery(long seconds) {
        this.intervalSeconds = seconds;
    }

    /** Reads one page after another from {@code from}; calls {@link #stored} after each page. */
    protected abstract void run(Instant from) throws Exception;

    /** One run; called by the schedule (and by tests). */
    public synchronized Outcome poll() {
        if (clock.millis() < notBeforeMillis) {
            LOG.debug("{}: waiting for the Retry-After of the last answer", name);
            return Outcome.WAITING;
        }
        try {
            position = cursors.position(name);
            if (position == null) {
                // a first run starts now: the bridge keeps up with changes from here on, it does not import history
                position = clock.instant();
                cursors.save(name, position);
            }
            run(position.minus(overlap));
            notBeforeMillis = 0;
            return Outcome.DONE;
        } catch (Exception e) {
            Long asked = RetryAfter.askedMillis(e);
            long wait = asked == null ? 0 : Math.max(0, Math.min(asked, policy.maxRetryAfterMillis()));
            notBeforeMillis = clock.millis() + wait;
            String next = wait > 0 ? "after the " + wait / 1000 + " s the answer asked for" : "on the next run";
            if (Failures.isTransient(e)) {
                LOG.warn("{}: poll failed ({}); it keeps its cursor and asks again {}", name, Failures.describe(e), next);
            } else {
                LOG.error("{}: poll refused ({}); it keeps its cursor and asks again {}", name, Failures.describe(e), next);
            }
            return Outcome.FAILED;
        }
    }

    /** Puts the events of one page into the inbox and waits until all are committed (or a duplicate of a stored one). */
    protected void store(List<Event> events) throws Exception {
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (Event e : events) {
            sent.add(template.asyncSend(InboxEntry.URI, exchange -> {
                exchange.getMessage().setBody(e.body());
                exchange.getMessage().setHeader("bridgeEventType", e.type());
                exchange.getMessage().setHeader("bridgeDedupeKey", e.dedupeKey());
                exchange.getMessage().setHeader("bridgeEntityKey", e.entityKey());
                exchange.getMessage().setHeader("bridgeOrderKey", e.orderKey());
                exchange.getMessage().setHeader("bridgeSource", "poll");
            }));
        }
        for (CompletableFuture<Exchange> f : sent) {
            Exchange done = f.get();
            if (done.getException() != null) {
                throw done.getException();
            }
        }
    }

    /** A page is in the inbox: the cursor moves to the newest change on it (never backwards). */
    protected void stored(Instant newest) throws Exception {
        if (newest != null && newest.isAfter(position)) {
            cursors.save(name, newest);
            position = newest;
        }
    }
}
