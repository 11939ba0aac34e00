package dev.bridge.inbox;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which flows handle an event type, asked when an event is processed (not when it is received). A flow subscribes
 * to a type by consuming {@code direct:<type>} or {@code direct:<type>@<flow>} (what the trigger Kamelets do, so
 * that several flows can take the same type, for example {@code direct:gitlab.note@gitlab-comment-to-ghl-note});
 * routes added by reload count at once.
 */
public final class Flows {

    private final CamelContext context;
    /** the endpoints each type had in this run: one that is gone now is being reloaded or is broken */
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    public Flows(CamelContext context) {
        this.context = context;
    }

    /** The endpoints of the started flows of a type, in a stable order. */
    public List<String> endpointsFor(String eventType) {
        String exact = "direct://" + eventType;
        List<String> found = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if ((uri.equals(exact) || uri.startsWith(exact + "@")) && context.getRouteController().getRouteStatus(route.getId()).isStarted()) {
                found.add(uri);
            }
        }
        found.sort(null);
        if (!found.isEmpty()) {
            seen.computeIfAbsent(eventType, t -> ConcurrentHashMap.newKeySet()).addAll(found);
        }
        return found;
    }

    /** A flow handled this type earlier in this run and is missing from {@code current}: it is being reloaded or is broken. */
    public boolean missingFrom(String eventType, List<String> current) {
        Set<String> before = seen.get(eventType);
        return before != null && !current.containsAll(before);
    }

    /** A flow that is gone for good (its file deleted) stops being waited for. */
    public void forget(String eventType, List<String> current) {
        Set<String> before = seen.get(eventType);
        if (before != null) {
            before.retainAll(current);
        }
    }
}
