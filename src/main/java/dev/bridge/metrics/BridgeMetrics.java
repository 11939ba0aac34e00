package dev.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The bridge's own figures in /observe/metrics: webhooks by source and answer, webhooks without a timestamp,
 * dead letters, and gauges for the write queue and the flows at work. Until Camel's registry exists, counting is a no-op.
 */
public final class BridgeMetrics {

    private volatile MeterRegistry registry;
    private final Map<String, Counter> webhooks = new ConcurrentHashMap<>();
    private final Map<String, Counter> withoutTimestamp = new ConcurrentHashMap<>();
    private Counter deadLetters;

    /** Called once the metrics registry is up (Camel binds it as "metricsRegistry"). */
    public void bind(MeterRegistry registry, Supplier<Number> writeQueue, Supplier<Number> flowsInFlight) {
        Gauge.builder("bridge_inbox_write_queue", () -> writeQueue.get().doubleValue())
                .description("webhooks waiting for their inbox commit").register(registry);
        Gauge.builder("bridge_flows_in_flight", () -> flowsInFlight.get().doubleValue())
                .description("events being worked by flows now").register(registry);
        deadLetters = Counter.builder("bridge_dead_letters").description("events moved to dead letters").register(registry);
        this.registry = registry;
    }

    public void webhook(String source, String outcome) {
        MeterRegistry r = registry;
        if (r != null) {
            webhooks.computeIfAbsent(source + "/" + outcome, k -> Counter.builder("bridge_webhooks")
                    .description("webhook deliveries by source and answer").tag("source", source).tag("outcome", outcome)
                    .register(r)).increment();
        }
    }

    /** An authenticated delivery that carried no timestamp: only its signature and dedupe stand against a replay. */
    public void withoutTimestamp(String source) {
        MeterRegistry r = registry;
        if (r != null) {
            withoutTimestamp.computeIfAbsent(source, k -> Counter.builder("bridge_webhooks_without_timestamp")
                    .description("signed webhook deliveries without a timestamp (no replay window applies)").tag("source", source)
                    .register(r)).increment();
        }
    }

    public void deadLetter() {
        Counter c = deadLetters;
        if (c != null) {
            c.increment();
        }
    }
}
