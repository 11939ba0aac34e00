package dev.bridge.poll;

import org.apache.camel.builder.RouteBuilder;

import java.util.Comparator;

/**
 * A Quartz schedule (in memory, the component's default RAMJobStore) for each bound poller with an interval
 * above 0; stateful, so a run never starts while the previous one still goes.
 */
public final class PollSchedules extends RouteBuilder {

    @Override
    public void configure() {
        getContext().getRegistry().findByType(Poller.class).stream().sorted(Comparator.comparing(Poller::name))
                .filter(p -> p.intervalSeconds() > 0)
                .forEach(p -> from("quartz:bridge-poll/" + p.name() + "?stateful=true&trigger.repeatCount=-1&trigger.repeatInterval="
                        + p.intervalSeconds() * 1000)
                        .routeId("poll-" + p.name())
                        .process(exchange -> p.poll()));
    }
}
