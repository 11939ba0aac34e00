package dev.bridge.inbox;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * Which event types have a flow. A flow subscribes to an event type by consuming {@code direct:<type>},
 * for example {@code direct:ghl.TaskCreate} or {@code direct:gitlab.issue}; routes added by reload count at once.
 */
public final class Flows {

    private final CamelContext context;

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
                return true;
            }
        }
        return false;
    }
}
