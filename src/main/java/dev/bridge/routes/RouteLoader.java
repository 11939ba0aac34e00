package dev.bridge.routes;

import dev.bridge.config.ConfigProblem;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts the routes of one file into the running context, and takes them out again together with the routes their
 * Kamelets generated (Camel's own reload leaves those behind, so a flow that starts from a source Kamelet could
 * not be loaded twice: its Kamelet route still consumed the flow's {@code direct:} endpoint).
 */
final class RouteLoader {

    private final CamelContext context;

    RouteLoader(CamelContext context) {
        this.context = context;
    }

    /** The absolute path of a file location as Camel writes it ({@code file:routes/a.yaml}), or null for other kinds. */
    static Path pathOf(String location) {
        if (location == null) {
            return null;
        }
        String path = location.startsWith("file:") ? location.substring(5) : location;
        if (path.startsWith("//")) {
            path = path.substring(2);
        }
        if (path.indexOf(':') > 1) {
            return null;
        }
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Files whose routeConfiguration was loaded at start-up: every flow shares it, so a change needs a restart. */
    Set<Path> sharedFiles() {
        Set<Path> files = new HashSet<>();
        for (RouteConfigurationDefinition configuration : model().getRouteConfigurationDefinitions()) {
            Path file = configuration.getResource() == null ? null : pathOf(configuration.getResource().getLocation());
            if (file != null) {
                files.add(file);
            }
        }
        return files;
    }

    /** Ids of the routes that came from {@code file}. */
    List<String> routesOf(Path file) {
        List<String> ids = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getSourceResource() != null && file.equals(pathOf(route.getSourceResource().getLocation()))) {
                ids.add(route.getId());
            }
        }
        return ids;
    }

    /**
     * Stops and removes the file's routes and the Kamelet routes they created, with their definitions (a load that
     * failed half-way may have left some). Returns the ids of the file's own routes.
     */
    List<String> unload(Path file) throws Exception {
        Model model = model();
        Set<String> own = new LinkedHashSet<>(routesOf(file));
        for (RouteDefinition definition : model.getRouteDefinitions()) {
            if (definition.getResource() != null && file.equals(pathOf(definition.getResource().getLocation()))) {
                own.add(definition.getRouteId());
            }
        }
        Set<String> all = new LinkedHashSet<>(own);
        for (boolean grew = true; grew; ) {
            grew = false;
            for (RouteDefinition definition : List.copyOf(model.getRouteDefinitions())) {
                String parent = KameletParents.parentOf(definition);
                if (parent != null && all.contains(parent) && all.add(definition.getRouteId())) {
                    grew = true;
                }
            }
        }
        // events enter through the routes that do not consume from a Kamelet: those stop first (waiting for the
        // events in them), so no event is left half-way between a flow and its Kamelet
        List<String> order = new ArrayList<>(all);
        order.sort(Comparator.comparing(this::fedByKamelet));
        for (String id : order) {
            if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id);
            }
        }
        for (String id : order) {
            if (context.getRoute(id) != null) {
                context.removeRoute(id);
            }
            RouteDefinition left = model.getRouteDefinition(id);
            if (left != null) {
                model.removeRouteDefinition(left);
            }
        }
        return List.copyOf(own);
    }

    /**
     * Loads the file; its routes start at once. A route id that another file (or the engine) already uses refuses
     * the whole file before anything is added, instead of silently replacing that route. Any other mistake is
     * thrown as Camel reports it; {@link #unload} then removes what was added.
     */
    List<String> load(Path file, String location) throws Exception {
        Resource resource = PluginHelper.getResourceLoader(context).resolveResource("file:" + location);
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource));
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routes) {
                // parses the file; adding the routes later does not parse it again
                for (RouteDefinition definition : routes.configureRoutes(context).getRoutes()) {
                    refuseTakenId(definition);
                }
            }
        }
        for (RoutesBuilder builder : builders) {
            context.addRoutes(builder);
        }
        return routesOf(file);
    }

    private void refuseTakenId(RouteDefinition definition) {
        String id = definition.getRouteId();
        if (id == null || !definition.hasCustomIdAssigned()) {
            return;
        }
        RouteDefinition existing = model().getRouteDefinition(id);
        if (existing == null && context.getRoute(id) == null) {
            return;
        }
        String owner = existing == null || existing.getResource() == null ? "the engine"
                : RouteProblem.display(existing.getResource().getLocation());
        throw new ConfigProblem("route id '" + id + "' is already used by " + owner + "; give the route another id");
    }

    private boolean fedByKamelet(String routeId) {
        Route route = context.getRoute(routeId);
        return route != null && route.getEndpoint().getEndpointUri().startsWith("kamelet:");
    }

    private Model model() {
        return context.getCamelContextExtension().getContextPlugin(Model.class);
    }
}
