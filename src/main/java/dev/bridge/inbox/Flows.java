package dev.bridge.inbox;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which event types have a flow, asked when an event is processed (not when it is received). A flow
 * subscribes to an event type by consuming {@code direct:<type>}, for example {@code direct:ghl.TaskCreate}
 * or {@code direct:gitlab.issue}; routes added by reload count at once.
 */
public final class Flows {

    private final CamelContext context;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public Flows(CamelContext context) {
        this.context = context;
    }

    public static String endpointFor(String eventType) {
        return "direct://" + eventType;
    }

    public boolean handles(String eventType) {
        String uri = endpointFor(eventType);
        for (Route route : context.getRoutes()) {
            if (uri.equals(route.getEndpoint().getEndpointUri()) && context.getRouteController().getRouteStatus(route.getId()).isStarted()) {
                seen.add(eventType);
                return true;
            }
        }
        return false;
    }

    /** A flow handled this type earlier in this run: it is being reloaded or is broken for now, so its events wait. */
    public boolean handledBefore(String eventType) {
        return seen.contains(eventType);
    }
}
