package dev.bridge.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.Kamelet;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * Which route created a Kamelet's route. A flow that starts from a source Kamelet runs its events through a
 * route the Kamelet generated ({@code ghl-event-source-3}); the flow's own route is that route's parent. On
 * Camel 4.18 the parent's id is a template parameter of the generated route's definition (the route property
 * {@code parent} is only a hash code).
 */
public final class KameletParents {

    private KameletParents() {
    }

    /** The id of the route whose Kamelet created {@code routeId}, or null for a route of its own. */
    public static String parentOf(CamelContext context, String routeId) {
        if (routeId == null) {
            return null;
        }
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition definition = model == null ? null : model.getRouteDefinition(routeId);
        return definition == null ? null : parentOf(definition);
    }

    static String parentOf(RouteDefinition definition) {
        if (definition.getTemplateParameters() == null) {
            return null;
        }
        Object parent = definition.getTemplateParameters().get(Kamelet.PARENT_ROUTE_ID);
        return parent == null ? null : parent.toString();
    }

    /** The flow a route belongs to: the route itself, or the route that (through Kamelets) created it. */
    public static String flowOf(CamelContext context, String routeId) {
        String flow = routeId;
        // Kamelets may use Kamelets; a short walk up, never a loop
        for (int depth = 0; depth < 8; depth++) {
            String parent = parentOf(context, flow);
            if (parent == null || parent.equals(flow)) {
                return flow;
            }
            flow = parent;
        }
        return flow;
    }
}
